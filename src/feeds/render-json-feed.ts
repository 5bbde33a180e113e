import { formatRfc3339 } from './dates.js';
import type { FeedModel } from './model.js';
import { renderText, strippedHtml, type FeedFormat } from './feed-text.js';
import { stripInvalidXmlChars } from './xml.js';
import type { Person } from '../content/article.js';

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Written here rather than by
 * the `feed` package, which writes version 1.0 with a singular `author` and no
 * `language`. Text goes through the same character filter as the XML feeds so the
 * three formats carry the same content.
 */
export function renderJsonFeed(feed: FeedModel): string {
  return renderText(jsonFeedFormat, feed);
}

/** The text around the second item of `{ items: [0, item] }` stringified with an indent of 2. */
const ITEM_AFTER = '{\n  "items": [\n    0';
const ITEMS_END = '\n  ]\n}';

/** What every string of the document goes through. */
const replacer = (_key: string, value: unknown): unknown => (typeof value === 'string' ? stripInvalidXmlChars(value) : value);

/**
 * The document is `JSON.stringify(doc, replacer, 2)` with `items` as its last member,
 * cut into head, one piece per item and tail (see feed-text.ts). An item's piece is the
 * item as it is written after another item: a separating comma (which the first item
 * leaves out), a newline, the item indented by four.
 */
export const jsonFeedFormat: FeedFormat = {
  head(feed) {
    const doc = {
      version: 'https://jsonfeed.org/version/1.1',
      title: feed.title,
      home_page_url: feed.home,
      feed_url: feed.self.json,
      ...(feed.description ? { description: feed.description } : {}),
      ...(feed.image ? { icon: feed.image } : {}),
      ...(feed.authors.length ? { authors: feed.authors.map((p) => person(p, stripInvalidXmlChars)) } : {}),
      language: feed.language,
      items: [],
    };
    const text = JSON.stringify(doc, replacer, 2);
    // `"items": []` then `\n}`: with items, the array opens here and they follow.
    return feed.items.length === 0 ? text : text.slice(0, -']\n}'.length);
  },
  tail: (feed) => (feed.items.length === 0 ? '\n' : '\n  ]\n}\n'),
  pieceKey: (_item, feed) => feed.timeZone,
  piece(item, feed) {
    const tz = feed.timeZone;
    const x = stripInvalidXmlChars;
    // The strings are filtered here rather than by the replacer: JSON.stringify without a
    // replacer function is several times faster, and the dates are ASCII digits already.
    const tags = [...new Set(item.categories.map((c) => c.label))].map(x);
    const doc = {
      id: x(item.id),
      url: x(item.url),
      title: x(item.title),
      content_html: strippedHtml(item),
      ...(item.summary ? { summary: x(item.summary) } : {}),
      ...(item.image ? { image: x(item.image) } : {}),
      date_published: formatRfc3339(item.published, tz),
      date_modified: formatRfc3339(item.updated, tz),
      ...(item.authors.length ? { authors: item.authors.map((p) => person(p, x)) } : {}),
      ...(tags.length ? { tags } : {}),
    };
    // Stringified where it stands in a document, after another item, so that the text is
    // already indented and starts with its comma: a slice of it is the piece, no copy.
    const text = JSON.stringify({ items: [0, doc] }, null, 2);
    return text.slice(ITEM_AFTER.length, -ITEMS_END.length);
  },
  skipFirst: 1,
};

/** JSON Feed authors have `name`, `url`, `avatar`; an email becomes a `mailto:` URL. */
function person(p: Person, filter: (s: string) => string): { name: string; url?: string } {
  const url = p.url ?? (p.email ? `mailto:${p.email}` : undefined);
  return url ? { name: filter(p.name), url: filter(url) } : { name: filter(p.name) };
}
