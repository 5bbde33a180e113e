/**
 * The one check for every URL written in front matter or the config (`image`, an
 * author's `url`, `site.url`, `site.image`, `newsletter.service_url`): such a URL ends
 * up in feeds, pages and email, where a `javascript:` or `data:` URL runs or shows
 * whatever it carries. A value is either an absolute `http(s)://host…` URL or a path
 * relative to the site (`images/lead.png`, `/about/`), which is made absolute. Anything
 * else is refused with a reason, never silently dropped or passed on.
 */

/** What a field accepts: any allowed URL, or (for `site.url` and the like) absolute ones only. */
export type UrlKind = 'url-or-path' | 'absolute';

/** A scheme as RFC 3986 §3.1 spells one, before its `:`. */
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

// Browsers (the WHATWG URL parser) drop tabs and line breaks anywhere in a URL and
// controls and spaces at its ends, so `java\tscript:` is `javascript:` to them: any
// such character is refused rather than guessed about.
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F]/;

// Two slashes (or backslashes, which browsers read as slashes in http(s) URLs) at the
// start name another host with the page's scheme: `//evil.example/x.png`.
const PROTOCOL_RELATIVE = /^[\\/]{2}/;

// Written exactly as `http://` or `https://` and a host: not `https:/\host` or `https:host`,
// which browsers read as other things depending on the page they are on.
const ABSOLUTE_HTTP = /^https?:\/\/[^/\\?#\s]/i;

/** Why `value` (already trimmed) is not an acceptable URL for `kind`, or undefined when it is. */
export function urlProblem(value: string, kind: UrlKind = 'url-or-path'): string | undefined {
  if (value === '') return 'is empty';
  if (CONTROL_OR_BREAK.test(value)) return 'contains a control character, tab or line break, which browsers remove (so "java\\tscript:" would run as "javascript:")';
  const scheme = SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return `uses the "${scheme}:" scheme; only http(s) URLs${kind === 'absolute' ? '' : ' and paths on the site'} are allowed`;
  }
  if (scheme !== undefined) {
    if (!ABSOLUTE_HTTP.test(value) || !URL.canParse(value)) return `is not a complete ${scheme}:// URL with a host`;
    return undefined;
  }
  if (kind === 'absolute') return 'must be an absolute http(s) URL such as "https://example.com/"';
  if (PROTOCOL_RELATIVE.test(value)) return 'starts with "//", which points at another host; write https://… for another site, or a path such as /images/x.png';
  if (!URL.canParse(value, 'https://example.invalid/')) return 'is not a URL or a path';
  return undefined;
}

/**
 * `value` as an absolute, ASCII-only URL, relative paths resolved against `base` (the
 * page they are written for); undefined when urlProblem refuses it.
 */
export function resolveUrlField(value: string, base: string | URL, kind: UrlKind = 'url-or-path'): string | undefined {
  const trimmed = value.trim();
  if (urlProblem(trimmed, kind) !== undefined) return undefined;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** What to write instead, for hints. */
export const URL_FIELD_HINT = 'Use an absolute https:// URL, or a path on the site such as images/lead.png or /about/.';
