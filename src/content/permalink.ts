import type { Config } from '../config/schema.js';
import { wallTimeIn } from './dates.js';
import { urlSegment } from './slug.js';

/**
 * An article's absolute, ASCII-only URL from `site.permalink`: `:slug`, `:year`,
 * `:month`, `:day` (the date as the site's time zone reads it) and `:section` (the first
 * folder of the source path; dropped when the file is at the top). Non-ASCII is
 * NFC-normalised and percent-encoded with uppercase hex.
 */
export function permalinkFor(config: Pick<Config, 'site'>, slug: string, date: Date, sourcePath: string): string {
  const needsDate = /:(year|month|day)\b/.test(config.site.permalink);
  const wall = needsDate ? wallTimeIn(date.getTime(), config.site.timezone) : undefined;
  const slash = sourcePath.indexOf('/');
  const section = slash === -1 ? '' : urlSegment(sourcePath.slice(0, slash));
  const path = config.site.permalink
    .replace(/:(slug|year|month|day|section)\b/g, (_m, token: string) => {
      switch (token) {
        case 'slug': return urlSegment(slug);
        case 'year': return String(wall?.year ?? 0).padStart(4, '0');
        case 'month': return String(wall?.month ?? 0).padStart(2, '0');
        case 'day': return String(wall?.day ?? 0).padStart(2, '0');
        default: return section;
      }
    })
    .replace(/\/{2,}/g, '/');
  return new URL(path.replace(/^\//, '').normalize('NFC'), siteBase(config.site.url)).href;
}

/** `site.url` with a trailing slash, so paths resolve under it rather than beside it. */
export function siteBase(siteUrl: string): string {
  return siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
}
