import type { Messages } from '../i18n/catalogue-en.js';
import { dateFormatter, displayUrl } from '../i18n/format.js';
import { formatRfc3339 } from './dates.js';
import type { FeedFormatName, FeedKind, FeedModel } from './model.js';
import { stripInvalidXmlChars } from './xml.js';

/**
 * `feeds/index.html`: a plain HTML page listing every feed with its formats and its
 * address (shown decoded, `/topics/人工智能战略投资/feed.xml`, linked encoded), plus
 * the site's newest articles with dates in the publication's language. Every word
 * comes from the publication's catalogue; its `<link rel="alternate">` tags let
 * readers discover the site's feeds. No script; every value is escaped.
 */
const FORMAT: Record<FeedFormatName, { type: string; label: string }> = {
  rss: { type: 'application/rss+xml', label: 'RSS' },
  atom: { type: 'application/atom+xml', label: 'Atom' },
  json: { type: 'application/feed+json', label: 'JSON' },
};

export function renderFeedsPage(feeds: ReadonlyArray<FeedModel>, t: Messages): string {
  const site = feeds.find((f) => f.kind === 'site');
  if (!site) throw new Error('renderFeedsPage needs the site feed');
  const date = dateFormatter(site.language, site.timeZone);
  const discovery = site.formats.map((f) => `<link rel="alternate" type="${FORMAT[f].type}" title="${esc(site.title)}" href="${esc(site.self[f])}">`);
  const row = (feed: FeedModel): string =>
    `<li><span class="name">${esc(feed.label)}</span> ` +
    feed.formats.map((f) => `<a href="${esc(feed.self[f])}">${FORMAT[f].label}</a>`).join(' ') +
    address(feed) +
    '</li>';
  // The address a reader copies: the first format's (RSS unless the build writes none).
  const address = (feed: FeedModel): string => {
    const url = feed.self[feed.formats[0] ?? 'rss'];
    return `<br><a class="address" href="${esc(url)}">${esc(displayUrl(url))}</a>`;
  };
  const group = (kind: FeedKind, heading: string): string => {
    const list = feeds.filter((f) => f.kind === kind);
    return list.length ? `<h2>${heading}</h2>\n<ul class="feeds">\n${list.map(row).join('\n')}\n</ul>` : '';
  };
  const items = site.items
    .map(
      (i) =>
        `<li><a href="${esc(i.url)}">${esc(i.title)}</a> <time datetime="${esc(formatRfc3339(i.published, 'UTC'))}">${esc(date(i.published))}</time>${
          i.summary ? `<p>${esc(i.summary)}</p>` : ''
        }</li>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${esc(site.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(t.feedsPageTitle)}</title>
${discovery.join('\n')}
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<h1>${esc(site.title)}</h1>
${site.description ? `<p>${esc(site.description)}</p>` : ''}
<p class="hint">${esc(t.feedsPageHint)}</p>
<h2>${esc(t.siteFeedsHeading)}</h2>
<ul class="feeds">
${row(site)}
</ul>
${group('topic', esc(t.topicsHeading))}
${group('tag', esc(t.tagsHeading))}
<h2>${esc(t.latestHeading)}</h2>
<ol class="items">
${items}
</ol>
</main>
</body>
</html>
`;
}

/** Shared with feed.css in spirit: readable at 375 px, no web fonts, light and dark. */
const PAGE_CSS =
  'body{font:16px/1.6 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}' +
  'main{max-width:44rem;margin:0 auto;padding:1rem}' +
  'h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.15rem;margin-top:1.5rem}' +
  '.hint{background:#fff8dc;border:1px solid #eedc82;padding:.6rem .8rem;border-radius:4px}' +
  'ul.feeds{list-style:none;padding:0}ul.feeds li{padding:.2rem 0}ul.feeds a{margin-left:.4rem;font-size:.9rem}' +
  'ol.items{padding-left:1.2rem}ol.items li{margin:.6rem 0}time{color:#666;font-size:.85rem;margin-left:.4rem}' +
  'ol.items p{margin:.2rem 0;color:#444}a{color:#0645ad}' +
  'ul.feeds a.address{margin-left:0;font-size:.85rem;color:#5e6369;overflow-wrap:anywhere}' +
  '@media (prefers-color-scheme:dark){body{color:#e8e4dc;background:#121416}' +
  '.hint{background:#2b2a1f;border-color:#5c5535}ol.items p{color:#cfcac1}time,ul.feeds a.address{color:#a9adb3}a{color:#8cb8ff}}';

function esc(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
