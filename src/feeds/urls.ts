/**
 * URLs of the files a build writes. Everything is resolved against `site.url` (which
 * may have a path, e.g. `https://example.com/blog/`) and comes out ASCII-only:
 * WHATWG URL serialisation percent-encodes non-ASCII paths and punycodes hosts.
 */

/** `site.url` as a base URL whose path ends in `/`, so relative paths resolve under it. */
export function siteBase(siteUrl: string): URL {
  const base = new URL(siteUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  return base;
}

/** An absolute ASCII URL for `path` (already percent-encoded segments) under the site. */
export function siteUrl(base: URL, path: string): string {
  return new URL(path, base).href;
}

/** Makes any absolute URL ASCII-only; returns undefined for text that is not a URL. */
export function asciiUrl(url: string, base?: URL): string | undefined {
  try {
    return new URL(url, base).href;
  } catch {
    return undefined;
  }
}
