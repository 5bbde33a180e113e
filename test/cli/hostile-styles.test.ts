import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { launchBrowser } from '../helpers/browser.js';
import { attr, elements } from '../markdown/dom.js';
import { hostileSite } from './hostile-site.js';

// CSS in an article's raw HTML, through a real build: what reaches the feeds keeps only
// plain text styling, and a real browser confirms that the hostile input was live
// (it loads, covers and hides) while the built feed's HTML does none of it.

const HOSTILE = [
  '<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:\\75 rl(https://t.example/cover.png)">Cover</div>',
  '<p style="background-image:\\000075\\000072\\00006c(https://t.example/pixel.png)">Pixel</p>',
  '<span style="color:red;posi/**/tion:absolute;top:-9999px">Moved</span>',
  '<span style="display:none">Hidden</span>',
  '<span style="list-style-image:url(https://t.example/list.png);color:\\72 ed">Escaped red</span>',
  '<style>@import url(https://t.example/import.css); body { background: url(https://t.example/body.png) }</style>',
  '<div style="text-align:center;font-weight:bold;width:expression(alert(1))">Centred</div>',
].join('\n\n');

const ARTICLE = `---\ntitle: Styled\ndate: 2025-06-12T10:00:00+08:00\n---\n\nBefore.\n\n${HOSTILE}\n\nAfter.\n`;

/** The HTML of the Styled article in every feed format the build wrote. */
function builtHtml(dir: string): string[] {
  const read = (name: string): string => fs.readFileSync(path.join(dir, 'public', name), 'utf8');
  const xml = new XMLParser({ ignoreAttributes: false });
  type RssItem = { title: string; 'content:encoded': string };
  const rss = (xml.parse(read('feed.xml')) as { rss: { channel: { item: RssItem[] } } }).rss.channel.item.find((i) => i.title === 'Styled');
  type AtomEntry = { title: string | { '#text': string }; content: { '#text': string } };
  const atom = (xml.parse(read('atom.xml')) as { feed: { entry: AtomEntry[] } }).feed.entry.find((e) => (typeof e.title === 'string' ? e.title : e.title['#text']) === 'Styled');
  const json = (JSON.parse(read('feed.json')) as { items: Array<{ title: string; content_html: string }> }).items.find((i) => i.title === 'Styled');
  assert.ok(rss && atom && json, 'the article is in every feed');
  return [rss['content:encoded'], atom.content['#text'], json.content_html];
}

test('hostile styles in an article reach no feed; plain styling does', async (t) => {
  const site = hostileSite();
  t.after(() => site.close());
  site.write('styled.md', ARTICLE);
  const run = site.build();
  assert.equal(run.code, 0, run.stderr);
  const all = builtHtml(site.dir);
  assert.equal(new Set(all.map((h) => h.trim())).size, 1, `the three formats carry the same HTML: ${JSON.stringify(all)}`);
  const html = all[0] ?? '';
  const styles = elements(html).flatMap((e) => (attr(e, 'style') === undefined ? [] : [[e.name, attr(e, 'style')]]));
  assert.deepEqual(styles, [
    ['div', 'width: 100%; height: 100%'],
    ['span', 'color: red'],
    ['span', 'color: red'],
    ['div', 'text-align: center; font-weight: bold'],
  ]);
  assert.ok(!elements(html).some((e) => e.name === 'style'));
  assert.ok(!/t\.example|position|@import|\\/.test(html), html);
  for (const text of ['Cover', 'Pixel', 'Moved', 'Hidden', 'Escaped red', 'Centred']) assert.ok(html.includes(text), text);

  // A real browser: the input does load and cover; the built HTML does neither.
  const browser = await launchBrowser(t);
  if (!browser) return;
  t.after(() => browser.close());
  const look = async (body: string): Promise<{ requests: string[]; positioned: number; images: number; hidden: number }> => {
    const page = await browser.newPage();
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    await page.setContent(`<!doctype html><html><body>${body}</body></html>`, { waitUntil: 'load' });
    const seen = await page.evaluate(() => {
      let positioned = 0;
      let images = 0;
      let hidden = 0;
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        const cs = getComputedStyle(el);
        if (cs.position !== 'static') positioned++;
        if (cs.backgroundImage !== 'none' || cs.listStyleImage !== 'none') images++;
        if (cs.display === 'none' && el.tagName !== 'STYLE') hidden++;
      }
      return { positioned, images, hidden };
    });
    await page.close();
    return { requests, ...seen };
  };
  const hostile = await look(HOSTILE);
  assert.ok(hostile.positioned >= 1 && hostile.images >= 2 && hostile.hidden >= 1, `the input is live: ${JSON.stringify(hostile)}`);
  assert.ok(hostile.requests.some((u) => u.startsWith('https://t.example/')), 'the input loads from outside');
  const built = await look(html);
  assert.deepEqual(built, { requests: [], positioned: 0, images: 0, hidden: 0 });
});
