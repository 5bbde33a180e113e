import { formatRfc3339 } from './dates.js';
import type { FeedModel } from './model.js';
import { renderText, type FeedFormat } from './feed-text.js';
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

/** What every string of the document goes through. */
const replacer = (_key: string, value: unknown): unknown => (typeof value === 'string' ? stripInvalidXmlChars(value) : value);

/**
 * The document is `JSON.stringify(doc, replacer, 2)` with `items` as its last member,
 * cut into head, one piece per item and tail (see feed-text.ts). An item's piece is the
 * item on its own, indented as it would be inside the document (JSON strings hold no
 * raw newline, so every newline is one of JSON.stringify's), after a separating comma
 * that the first item leaves out.
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
      ...(feed.authors.length ? { authors: feed.authors.map(person) } : {}),
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
    const tags = [...new Set(item.categories.map((c) => c.label))];
    const doc = {
      id: item.id,
      url: item.url,
      title: item.title,
      content_html: item.html,
      ...(item.summary ? { summary: item.summary } : {}),
      ...(item.image ? { image: item.image } : {}),
      date_published: formatRfc3339(item.published, tz),
      date_modified: formatRfc3339(item.updated, tz),
      ...(item.authors.length ? { authors: item.authors.map(person) } : {}),
      ...(tags.length ? { tags } : {}),
    };
    return `,\n    ${JSON.stringify(doc, replacer, 2).replaceAll('\n', '\n    ')}`;
  },
  skipFirst: 1,
};

/** JSON Feed authors have `name`, `url`, `avatar`; an email becomes a `mailto:` URL. */
function person(p: Person): { name: string; url?: string } {
  const url = p.url ?? (p.email ? `mailto:${p.email}` : undefined);
  return url ? { name: p.name, url } : { name: p.name };
}
