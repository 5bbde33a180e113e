import { formatRfc3339 } from './dates.js';
import type { FeedFormatName, FeedKind, FeedModel } from './model.js';
import { stripInvalidXmlChars } from './xml.js';

/**
 * `feeds/index.html`: a plain HTML page listing every feed with its three formats,
 * plus the site's newest articles. It is the fallback for browsers that no longer
 * apply XSLT (Chromium is removing it), so it does not depend on the stylesheet;
 * its `<link rel="alternate">` tags let readers discover the site's feeds. No
 * script; every value is escaped.
 */
const FORMAT: Record<FeedFormatName, { type: string; label: string }> = {
  rss: { type: 'application/rss+xml', label: 'RSS' },
  atom: { type: 'application/atom+xml', label: 'Atom' },
  json: { type: 'application/feed+json', label: 'JSON' },
};

export function renderFeedsPage(feeds: ReadonlyArray<FeedModel>): string {
  const site = feeds.find((f) => f.kind === 'site');
  if (!site) throw new Error('renderFeedsPage needs the site feed');
  const discovery = site.formats.map((f) => `<link rel="alternate" type="${FORMAT[f].type}" title="${esc(site.title)}" href="${esc(site.self[f])}">`);
  const row = (feed: FeedModel): string =>
    `<li><span class="name">${esc(feed.label)}</span> ` + feed.formats.map((f) => `<a href="${esc(feed.self[f])}">${FORMAT[f].label}</a>`).join(' ') + '</li>';
  const group = (kind: FeedKind, heading: string): string => {
    const list = feeds.filter((f) => f.kind === kind);
    return list.length ? `<h2>${heading}</h2>\n<ul class="feeds">\n${list.map(row).join('\n')}\n</ul>` : '';
  };
  const items = site.items
    .map(
      (i) =>
        `<li><a href="${esc(i.url)}">${esc(i.title)}</a> <time datetime="${esc(formatRfc3339(i.published, 'UTC'))}">${esc(
          formatRfc3339(i.published, site.timeZone).slice(0, 10),
        )}</time>${i.summary ? `<p>${esc(i.summary)}</p>` : ''}</li>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${esc(site.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(site.title)} · Feeds</title>
${discovery.join('\n')}
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<h1>${esc(site.title)}</h1>
${site.description ? `<p>${esc(site.description)}</p>` : ''}
<p class="hint">These are web feeds. Copy a feed’s address into a feed reader (NetNewsWire, Feedly, Inoreader, Thunderbird, Miniflux…) to follow new articles.</p>
<h2>Site</h2>
<ul class="feeds">
${row(site)}
</ul>
${group('topic', 'Topics')}
${group('tag', 'Tags')}
<h2>Latest articles</h2>
<ol class="items">
${items}
</ol>
</main>
</body>
</html>
`;
}

/** Shared with templates/feed.xsl in spirit: readable at 375 px, no web fonts. */
const PAGE_CSS =
  'body{font:16px/1.6 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}' +
  'main{max-width:44rem;margin:0 auto;padding:1rem}' +
  'h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.15rem;margin-top:1.5rem}' +
  '.hint{background:#fff8dc;border:1px solid #eedc82;padding:.6rem .8rem;border-radius:4px}' +
  'ul.feeds{list-style:none;padding:0}ul.feeds li{padding:.2rem 0}ul.feeds a{margin-left:.4rem;font-size:.9rem}' +
  'ol.items{padding-left:1.2rem}ol.items li{margin:.6rem 0}time{color:#666;font-size:.85rem;margin-left:.4rem}' +
  'ol.items p{margin:.2rem 0;color:#444}a{color:#0645ad}';

function esc(text: string): string {
  return stripInvalidXmlChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
