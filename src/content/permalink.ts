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
  return resolve(path.replace(/\/{2,}/g, '/').replace(/^\//, '').normalize('NFC'), siteBase(config.site.url));
}

// A relative path the URL parser keeps exactly as it is: only unreserved characters,
// sub-delimiters, `@` and percent escapes (no `:`, which could read as a scheme), and
// no `.` or `..` segment, spelled plainly or with `%2e`.
const VERBATIM_PATH = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-Fa-f]{2})*$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/** Bases that resolve a verbatim path by appending it (absolute, normalised, ending in `/`, no query or fragment). */
const appendable = new Map<string, boolean>();

/**
 * `new URL(path, base).href`, without parsing a URL per article when the base ends
 * in `/` and the path is one the parser would leave as it is (~2.5 us per
 * article, the largest part of a permalink).
 */
function resolve(path: string, base: string): string {
  let plain = appendable.get(base);
  if (plain === undefined) {
    let href: string | undefined;
    try {
      const url = new URL(base);
      href = url.search === '' && url.hash === '' ? url.href : undefined;
    } catch {
      href = undefined;
    }
    plain = href === base && base.endsWith('/');
    appendable.set(base, plain);
  }
  return plain && VERBATIM_PATH.test(path) && !DOT_SEGMENT.test(path) ? base + path : new URL(path, base).href;
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
    known = { parts, needsDate: parts.some((p) => p === ':year' || p === ':month' || p === ':day') };
    patterns.set(permalink, known);
  }
  return known;
}

/** `site.url` with a trailing slash, so paths resolve under it rather than beside it. */
export function siteBase(siteUrl: string): string {
  return siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`;
}
