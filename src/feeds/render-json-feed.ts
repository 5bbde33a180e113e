import { formatRfc3339 } from './dates.js';
import type { FeedModel } from './model.js';
import { stripInvalidXmlChars } from './xml.js';
import type { Person } from '../content/article.js';

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Written here rather than by
 * the `feed` package, which writes version 1.0 with a singular `author` and no
 * `language`. Text goes through the same character filter as the XML feeds so the
 * three formats carry the same content.
 */
export function renderJsonFeed(feed: FeedModel): string {
  const tz = feed.timeZone;
  const doc = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.home,
    feed_url: feed.self.json,
    ...(feed.description ? { description: feed.description } : {}),
    ...(feed.image ? { icon: feed.image } : {}),
    ...(feed.authors.length ? { authors: feed.authors.map(person) } : {}),
    language: feed.language,
    items: feed.items.map((item) => {
      const tags = [...new Set(item.categories.map((c) => c.label))];
      return {
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
    }),
  };
  return `${JSON.stringify(doc, (_key, value: unknown) => (typeof value === 'string' ? stripInvalidXmlChars(value) : value), 2)}\n`;
}

/** JSON Feed authors have `name`, `url`, `avatar`; an email becomes a `mailto:` URL. */
function person(p: Person): { name: string; url?: string } {
  const url = p.url ?? (p.email ? `mailto:${p.email}` : undefined);
  return url ? { name: p.name, url } : { name: p.name };
}
