import type { Config } from '../config/schema.js';
import type { ArchiveEntry } from './archive-index.js';
import { messagesFor, type MessageSettings } from '../i18n/messages.js';
import { cleanText } from '../lib/clean-text.js';

/**
 * `digests/index.html`: every archived edition, newest first, linking to its page,
 * with the archive feed advertised. A plain page (not an email), so no MJML: the
 * colours and fonts match the shipped digest template, light and dark.
 */
export function renderArchivePage(config: Pick<Config, 'site'> & Pick<MessageSettings, 'messages'>, entries: readonly ArchiveEntry[], feedUrl: string): string {
  const strings = messagesFor(config);
  const title = strings.archiveTitle;
  const items = entries
    .map(
      (e) =>
        `<li><a href="${html(e.url)}">${html(e.subject)}</a><span class="meta">${html(e.sections.join(strings.separator))}</span></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${html(config.site.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${html(title)}</title>
<link rel="alternate" type="application/rss+xml" title="${html(title)}" href="${html(feedUrl)}">
<style>
body { margin: 0; background: #eeebe4; color: #1c1e21; font: 16px/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
main { max-width: 600px; margin: 0 auto; background: #fff; border-top: 4px solid #a4262c; padding: 28px; box-sizing: border-box; min-height: 100vh; }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 4px; }
h1 a { color: inherit; text-decoration: none; }
p { margin: 0 0 20px; color: #5e6369; font-size: 14px; }
ul { list-style: none; margin: 0; padding: 0; }
li { padding: 14px 0; border-top: 1px solid #e4dfd6; overflow-wrap: anywhere; }
li a { color: #1c1e21; font-weight: 700; text-decoration: none; }
li a:hover, li a:focus { text-decoration: underline; }
.meta { display: block; color: #5e6369; font-size: 13px; }
a.feed { color: #1f5fa8; }
@media (prefers-color-scheme: dark) {
  body { background: #121416; color: #e8e4dc; }
  main { background: #1c1f23; }
  li { border-color: #33373c; }
  li a { color: #f2eee6; }
  p, .meta { color: #a9adb3; }
  a.feed { color: #8cb8ff; }
}
</style>
</head>
<body>
<main>
<h1><a href="${html(config.site.url)}">${html(config.site.title)}</a></h1>
<p>${html(strings.archiveDescription)} <a class="feed" href="${html(feedUrl)}">RSS</a></p>
<ul>
${items}
</ul>
</main>
</body>
</html>
`;
}

/** Escapes text for HTML; editions.json may come from an older version, so controls are dropped here too. */
function html(s: string): string {
  return cleanText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
