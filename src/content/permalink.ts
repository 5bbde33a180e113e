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
  const { parts, needsDate } = compiled(config.site.permalink);
  const wall = needsDate ? wallTimeIn(date.getTime(), config.site.timezone) : undefined;
  let path = '';
  for (const part of parts) {
    switch (part) {
      case ':slug': path += urlSegment(slug); break;
      case ':year': path += String(wall?.year ?? 0).padStart(4, '0'); break;
      case ':month': path += String(wall?.month ?? 0).padStart(2, '0'); break;
      case ':day': path += String(wall?.day ?? 0).padStart(2, '0'); break;
      case ':section': {
        const slash = sourcePath.indexOf('/');
        path += slash === -1 ? '' : urlSegment(sourcePath.slice(0, slash));
        break;
      }
      default: path += part;
    }
  }
  return new URL(path.replace(/\/{2,}/g, '/').replace(/^\//, '').normalize('NFC'), siteBase(config.site.url)).href;
}

const TOKEN = /:(slug|year|month|day|section)\b/g;

/** A permalink pattern cut into literal text and tokens, once per pattern (a build asks once per article). */
const patterns = new Map<string, { parts: string[]; needsDate: boolean }>();

function compiled(permalink: string): { parts: string[]; needsDate: boolean } {
  let known = patterns.get(permalink);
  if (!known) {
    const parts: string[] = [];
    let at = 0;
    for (const m of permalink.matchAll(TOKEN)) {
      if (m.index > at) parts.push(permalink.slice(at, m.index));
      parts.push(m[0]);
      at = m.index + m[0].length;
    }
    if (at < permalink.length) parts.push(permalink.slice(at));
    known = { parts, needsDate: /:(year|month|day)\b/.test(permalink) };
    patterns.set(permalink, known);
  }
  return known;
}

/** `site.url` with a trailing slash, so paths resolve under it rather than beside it. */
export function siteBase(siteUrl: string): string {
  return siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
}
