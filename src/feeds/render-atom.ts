import { formatRfc3339 } from './dates.js';
import type { FeedItem, FeedModel } from './model.js';
import { renderText, type FeedFormat } from './feed-text.js';
import { childLines, comment, element, emptyElement, openTag, prolog, slotElement, textElement } from './xml.js';
import type { Person } from '../content/article.js';

/**
 * Atom 1.0 (RFC 4287). Ids are the permalinks (stable across builds); every entry
 * gets an `author` unless the feed has one, as §4.1.1 requires; the full HTML goes
 * in `content type="html"`, the plain summary in `summary`.
 */
export function renderAtom(feed: FeedModel): string {
  return renderText(atomFormat, feed);
}

/** Atom 1.0 cut into head, one piece per `<entry>` and tail (see feed-text.ts). */
export const atomFormat: FeedFormat = {
  head(feed) {
    const children = [
      // The Atom document's own URL identifies the feed: unique per topic or tag, stable.
      textElement('id', feed.self.atom),
      textElement('title', feed.title, [['type', 'text']]),
      feed.description ? textElement('subtitle', feed.description, [['type', 'text']]) : '',
      emptyElement('link', [['rel', 'self'], ['type', 'application/atom+xml'], ['href', feed.self.atom]]),
      emptyElement('link', [['rel', 'alternate'], ['type', 'text/html'], ['href', feed.home]]),
      textElement('updated', formatRfc3339(feed.updated, feed.timeZone)),
      ...feed.authors.map((a) => renderPerson(a, '  ')),
      textElement('generator', feed.generator.name, [['version', feed.generator.version]]),
      feed.image ? textElement('logo', feed.image) : '',
      feed.copyright ? textElement('rights', feed.copyright, [['type', 'text']]) : '',
    ];
    return (
      prolog(feed.stylesheet) +
      (feed.browseUrl ? `${comment(`This is an Atom feed: paste its address into a feed reader. A readable list of all feeds: ${feed.browseUrl}`)}\n` : '') +
      openTag('feed', [
        ['xmlns', 'http://www.w3.org/2005/Atom'],
        ['xmlns:media', 'http://search.yahoo.com/mrss/'],
        ['xml:lang', feed.language],
      ]) +
      '\n' +
      // The id is never empty, so the head always ends with a line of its own.
      childLines(children, '')
    );
  },
  tail: () => '\n</feed>\n',
  // The feed's authors matter only to an item without its own.
  pieceKey: (item, feed) => (item.authors.length > 0 ? feed.timeZone : `${feed.timeZone}\u0000${JSON.stringify(entryFallbackAuthors(feed))}`),
  piece: (item, feed) => `\n${childLines([renderEntry(item, feed.timeZone, entryFallbackAuthors(feed))], '')}`,
  skipFirst: 0,
};

/** RFC 4287 §4.1.1: an entry needs an author when the feed has none. */
function entryFallbackAuthors(feed: FeedModel): Person[] {
  return feed.authors.length === 0 ? [{ name: feed.label }] : [];
}

function renderPerson(p: Person, indent: string): string {
  return element('author', [], [textElement('name', p.name), textElement('email', p.email), textElement('uri', p.url)], indent);
}

function renderEntry(item: FeedItem, tz: string, feedAuthors: Person[]): string {
  // RFC 4287 §4.1.1: without a feed-level author every entry must have one.
  const authors = item.authors.length > 0 ? item.authors : feedAuthors;
  const seen = new Set<string>();
  return element(
    'entry',
    [],
    [
      textElement('id', item.id),
      textElement('title', item.title, [['type', 'text']]),
      emptyElement('link', [['rel', 'alternate'], ['type', 'text/html'], ['href', item.url]]),
      textElement('published', formatRfc3339(item.published, tz)),
      textElement('updated', formatRfc3339(item.updated, tz)),
      ...authors.map((a) => renderPerson(a, '    ')),
      ...item.categories
        .filter((c) => !seen.has(`${c.scheme}\u0000${c.term}`) && seen.add(`${c.scheme}\u0000${c.term}`))
        .map((c) => emptyElement('category', [['term', c.term], ['scheme', c.scheme], ['label', c.label]])),
      // Media RSS as in the RSS feed: an Atom `enclosure` link would make readers treat
      // the image as a podcast-style download, and its length is unknown.
      item.image ? emptyElement('media:content', [['url', item.image], ['medium', 'image']]) : '',
      item.summary ? textElement('summary', item.summary, [['type', 'text']]) : '',
      slotElement('content', [['type', 'html']]),
    ],
    '  ',
  );
}
