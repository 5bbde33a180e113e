import { formatRfc3339 } from './dates.js';
import type { FeedItem, FeedModel } from './model.js';
import { renderText, type FeedFormat } from './feed-text.js';
import { childLines, element, emptyElement, escapeAttr, escapeText, feedPreamble, openTag, slotElement, textElement } from './xml.js';
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
      feedPreamble(feed.stylesheet, feed.notices?.atom) +
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

/** Each child of `<entry>` on a line of its own, as element() would indent them inside `<feed>`. */
const LINE = '\n    ';

// One string rather than element() and textElement(), for the reason given at RSS's
// renderItem: the same text, several times faster while the JIT is cold.
function renderEntry(item: FeedItem, tz: string, feedAuthors: Person[]): string {
  // RFC 4287 §4.1.1: without a feed-level author every entry must have one.
  const authors = item.authors.length > 0 ? item.authors : feedAuthors;
  let xml =
    `<entry>${LINE}<id>${escapeText(item.id)}</id>${LINE}<title type="text">${escapeText(item.title)}</title>` +
    `${LINE}<link rel="alternate" type="text/html" href="${escapeAttr(item.url)}"/>` +
    `${LINE}<published>${escapeText(formatRfc3339(item.published, tz))}</published>` +
    `${LINE}<updated>${escapeText(formatRfc3339(item.updated, tz))}</updated>`;
  for (const a of authors) xml += `${LINE}${renderPerson(a, '    ')}`;
  const seen = new Set<string>();
  for (const c of item.categories) {
    const key = `${c.scheme}\u0000${c.term}`;
    if (seen.has(key)) continue;
    seen.add(key);
    xml += `${LINE}<category term="${escapeAttr(c.term)}" scheme="${escapeAttr(c.scheme)}" label="${escapeAttr(c.label)}"/>`;
  }
  // Media RSS as in the RSS feed: an Atom `enclosure` link would make readers treat
  // the image as a podcast-style download, and its length is unknown.
  if (item.image) xml += `${LINE}<media:content url="${escapeAttr(item.image)}" medium="image"/>`;
  if (item.summary) xml += `${LINE}<summary type="text">${escapeText(item.summary)}</summary>`;
  return `${xml}${LINE}${slotElement('content', [['type', 'html']])}\n  </entry>`;
}
