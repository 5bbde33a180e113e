import type { FeedFormatName, FeedKind, FeedModel } from './model.js';
import { element, emptyElement, prolog, textElement } from './xml.js';
import { escapeHtmlText } from '../lib/escape-html.js';

/** What OPML needs to know about the site. */
export interface OpmlHead {
  title: string;
  /** Names of the topic and tag groups, in the publication's language. */
  groups: { topic: string; tag: string };
  ownerName?: string;
  ownerEmail?: string;
}

/**
 * OPML 2.0 (http://opml.org/spec2.opml) listing one subscription per feed: the
 * site's, then a group of topic feeds and one of tag feeds (named in the publication's language). Each feed is listed once (as RSS when
 * the build writes RSS, else in its first format), because a reader importing the
 * file subscribes to every outline it finds. `type="rss"` is OPML's word for any feed.
 */
export function renderOpml(head: OpmlHead, feeds: ReadonlyArray<FeedModel>): string {
  const outline = (f: FeedModel): string =>
    emptyElement('outline', [
      ['type', 'rss'],
      // OPML 2.0: "text attributes can contain encoded HTML markup", and readers show
      // `title` where they show `text`: both escaped for HTML, so a name stays text.
      ['text', escapeHtmlText(f.title)],
      ['title', escapeHtmlText(f.title)],
      ['xmlUrl', f.self[preferred(f)]],
      ['htmlUrl', f.home],
      ['description', f.description || undefined],
      ['language', f.language],
      // OPML 2.0 names RSS versions only; an Atom or JSON subscription leaves it out.
      ['version', preferred(f) === 'rss' ? 'RSS2' : undefined],
    ]);
  const group = (kind: FeedKind, label: string): string => {
    const members = feeds.filter((f) => f.kind === kind);
    return members.length ? element('outline', [['text', escapeHtmlText(label)], ['title', escapeHtmlText(label)]], members.map(outline), '    ') : '';
  };
  const headXml = element(
    'head',
    [],
    [textElement('title', head.title), textElement('ownerName', head.ownerName), textElement('ownerEmail', head.ownerEmail), textElement('docs', 'http://opml.org/spec2.opml')],
    '  ',
  );
  const body = element('body', [], [...feeds.filter((f) => f.kind === 'site').map(outline), group('topic', head.groups.topic), group('tag', head.groups.tag)], '  ');
  return `${prolog(undefined)}${element('opml', [['version', '2.0']], [headXml, body])}\n`;
}

function preferred(f: FeedModel): FeedFormatName {
  return f.formats.includes('rss') ? 'rss' : (f.formats[0] ?? 'rss');
}
