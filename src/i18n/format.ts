import { matchLanguage } from './language.js';

/**
 * A date as the publication's language writes it, in `timeZone`: `2025年6月20日` in
 * Chinese, `June 20, 2025` in `en`, `20 June 2025` in `en-GB`. A language without a
 * catalogue speaks English on the page, so its dates are English too.
 */
export function dateFormatter(language: string, timeZone: string): (d: Date) => string {
  const match = matchLanguage(language);
  const f = new Intl.DateTimeFormat(match.fallback ? 'en' : language, { dateStyle: 'long', timeZone });
  return (d) => f.format(d);
}

/**
 * A URL as a reader should see it: its path percent-decoded (`/topics/人工智能战略投资/`),
 * the scheme and host kept. Links keep the encoded form; only the shown text changes.
 * A path that does not decode to valid UTF-8 is shown as it is.
 */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${decodeURI(u.pathname)}${u.search}${u.hash}`;
  } catch {
    return url;
  }
}
