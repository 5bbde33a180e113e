import type { Messages } from '../i18n/catalogue-en.js';
import { fill } from '../i18n/messages.js';

/**
 * `feed.css`: the browser view of the RSS and Atom feeds, linked from each feed by a
 * relative `<?xml-stylesheet type="text/css"?>`. Chromium is removing XSLT and already
 * covers every XSLT-styled page with a red warning banner; a CSS stylesheet is plain
 * XML styling that every browser applies, from a server, a sub-path or `file://`
 * alike, and it cannot run anything. CSS shows element text but cannot rewrite it:
 * the page shows the feed's title, description, and each item's title, summary and
 * date where the date is readable in the publication's language (Atom's ISO 8601
 * date, cut to the day; RSS's English RFC 822 date only in English). Generated per
 * build because the hint is in the publication's language.
 */
export interface FeedCssInput {
  /** The publication's words, `{site}` filled in. */
  messages: Pick<Messages, 'feedViewHint' | 'feedViewAllFeeds'>;
  /** Absolute URL of the feeds page (feeds/index.html). */
  feedsPage: string;
  /** Whether RSS's RFC 822 dates (English day and month names) may be shown. */
  englishDates: boolean;
}

export function renderFeedCss(input: FeedCssInput): string {
  const hint = `${input.messages.feedViewHint}\n${fill(input.messages.feedViewAllFeeds, { url: input.feedsPage })}`;
  const rssDate = input.englishDates ? 'item>pubDate{display:block;color:#5e6369;font-size:.85rem}\n' : '';
  return `/* Broadsheet: the browser view of this site's RSS and Atom feeds. */
@namespace atom url(http://www.w3.org/2005/Atom);
:root{display:block;color-scheme:light dark;font:16px/1.6 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1c1e21;background:#fafafa;padding:0 1rem 2rem;overflow-wrap:anywhere}
channel,:root>atom|*{max-width:44rem;margin-left:auto;margin-right:auto}
channel{display:block}
channel>*,item>*,:root>atom|*,atom|entry>*{display:none}
channel::before,atom|feed::before{content:${cssString(hint)};display:block;white-space:pre-line;max-width:44rem;margin:1rem auto;background:#fff8dc;border:1px solid #eedc82;padding:.6rem .8rem;border-radius:4px}
channel>title,:root>atom|title{display:block;font-size:1.6rem;font-weight:700;line-height:1.3;margin-top:.5rem}
channel>description,:root>atom|subtitle{display:block;color:#444;margin:.3rem auto 1rem}
channel>item,:root>atom|entry{display:block;margin-top:1rem;margin-bottom:1rem}
item>title,atom|entry>atom|title{display:block;font-weight:700;color:#0645ad}
item>description,atom|entry>atom|summary{display:block;color:#444}
atom|entry>atom|published{display:block;width:10ch;overflow:hidden;white-space:nowrap;font-family:ui-monospace,monospace;color:#5e6369;font-size:.85rem}
${rssDate}@media (prefers-color-scheme:dark){
:root{color:#e8e4dc;background:#121416}
channel::before,atom|feed::before{background:#2b2a1f;border-color:#5c5535}
channel>description,:root>atom|subtitle,item>description,atom|entry>atom|summary{color:#cfcac1}
item>title,atom|entry>atom|title{color:#8cb8ff}
atom|entry>atom|published,item>pubDate{color:#a9adb3}
}
`;
}

/** A CSS string literal: quotes and backslashes escaped, line breaks as `\A`. */
function cssString(text: string): string {
  // Anything outside printable text is written as a hex escape; the space ends the escape.
  return `"${text.replace(/["\\]|[\u0000-\u001f\u007f]/g, (c) => (c === '"' || c === '\\' ? `\\${c}` : `\\${c.charCodeAt(0).toString(16)} `))}"`;
}
