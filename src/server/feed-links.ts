import type { Config } from '../config/schema.js';
import { urlSegment } from '../content/slug.js';

/**
 * Feed autodiscovery: the `<link rel="alternate">` tags a page offers feed readers, for
 * the feeds `broadsheet build` writes (`feed.xml`, `atom.xml`, `feed.json` at the output
 * root, and the same under `topics/<slug>/` and `tags/<slug>/`; those of `feeds.formats`).
 */

export interface FeedLink {
  type: 'application/rss+xml' | 'application/atom+xml' | 'application/feed+json';
  title: string;
  href: string;
}

const FORMATS = {
  rss: { file: 'feed.xml', type: 'application/rss+xml', label: 'RSS' },
  atom: { file: 'atom.xml', type: 'application/atom+xml', label: 'Atom' },
  json: { file: 'feed.json', type: 'application/feed+json', label: 'JSON Feed' },
} as const;

/**
 * The feeds of the whole site, or of one topic or tag (`slug` as the taxonomy gives it;
 * non-ASCII slugs are percent-encoded by URL resolution).
 */
export function feedLinks(config: Pick<Config, 'site' | 'feeds'>, scope?: { kind: 'topics' | 'tags'; slug: string; title: string }): FeedLink[] {
  const base = config.site.url.endsWith('/') ? config.site.url : `${config.site.url}/`;
  const dir = scope ? `${scope.kind}/${urlSegment(scope.slug)}/` : '';
  const name = scope ? `${config.site.title} · ${scope.title}` : config.site.title;
  return config.feeds.formats.map((name) => FORMATS[name]).map((f) => ({ type: f.type, title: `${name} (${f.label})`, href: new URL(dir + f.file, base).href }));
}

/** The tags as HTML, one per line, attribute values escaped. */
export function feedLinkTags(links: FeedLink[]): string {
  return links.map((l) => `<link rel="alternate" type="${l.type}" title="${escapeAttr(l.title)}" href="${escapeAttr(l.href)}">`).join('\n');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
