import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAtomFeed, parseRssFeed } from 'feedsmith';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { serveFolder } from '../helpers/static-server.js';
import { CONFIG, NOW, writeCorpus } from './seed-corpus.js';
import { cli, read } from './run.js';

const TOPIC = '人工智能战略投资';

/** What a reader sees of a CSS-styled XML page. */
interface View {
  /** Text of every rendered element and `::before` box, in document order, white space collapsed. */
  text: string;
  /** Chromium's XSLT deprecation banner, when it shows one. */
  banners: number;
  /** Computed background of the root element. */
  background: string;
  /** The document's root element: `rss` or `feed` when no XSLT turned the feed into HTML. */
  root: string;
}

/**
 * The rendered text of the page: text nodes and generated `::before` content of
 * elements whose display is not `none` (an XML document has no innerText).
 */
async function viewOf(page: Page): Promise<View> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walk = (el: Element): void => {
      if (getComputedStyle(el).display === 'none') return;
      const before = getComputedStyle(el, '::before').content;
      if (before.startsWith('"')) out.push(before.slice(1, -1).replace(/\\a ?/g, '\n').replace(/\\(.)/g, '$1'));
      for (const node of el.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent ?? '');
        else if (node.nodeType === Node.ELEMENT_NODE) walk(node as Element);
      }
    };
    walk(document.documentElement);
    return {
      text: out.join(' ').replace(/\s+/g, ' ').trim(),
      banners: document.querySelectorAll('xslt-warning-banner').length,
      background: getComputedStyle(document.documentElement).backgroundColor,
      root: document.documentElement.localName,
    };
  });
}

/** An Atom text construct's text (the parser gives a string or `{ value }`). */
function text(value: string | { value: string } | undefined): string {
  return typeof value === 'string' ? value : (value?.value ?? '');
}

/** Asserts the page is the readable view of the feed `xml` (RSS or Atom). */
async function assertFeedPage(page: Page, url: string, xml: string, where: string): Promise<View> {
  const response = await page.goto(url);
  assert.ok(!response || response.ok(), `${where}: ${url} answered ${response?.status()}`);
  const view = await viewOf(page);
  const rss = xml.includes('<rss ') ? parseRssFeed(xml) : undefined;
  const atom = rss ? undefined : parseAtomFeed(xml);
  const title = rss?.title ?? text(atom?.title);
  const items = rss ? (rss.items ?? []).map((i) => i.title ?? '') : (atom?.entries ?? []).map((e) => text(e.title));
  assert.ok(items.length > 0, `${where}: the feed has items`);
  assert.ok(view.text.includes(title), `${where}: shows the feed title "${title}"; saw: ${view.text.slice(0, 300)}`);
  for (const item of items) assert.ok(view.text.includes(item), `${where}: shows the item "${item}"`);
  // The hint in the publication's language, naming the page that lists every feed.
  assert.match(view.text, /这是一个订阅源。.*本站全部订阅源一览：https:\/\/news\.example\.org\/(blog\/)?feeds\//s, where);
  // No banner, no XSLT: the page is CSS-styled XML.
  assert.equal(view.banners, 0, `${where}: no XSLT banner`);
  assert.equal(view.root, rss ? 'rss' : 'feed', `${where}: the feed itself is the page, not an XSLT result`);
  assert.doesNotMatch(view.text, /XSLT|being removed|deprecated/i, where);
  // Article HTML (content:encoded, Atom content) is hidden, not shown as markup.
  assert.doesNotMatch(view.text, /<p>|<\/a>|footnote/, `${where}: no raw HTML on the page`);
  // Never the raw XML tree view, whose header Chromium writes when no stylesheet applies.
  assert.doesNotMatch(view.text, /does not appear to have any style information/, where);
  return view;
}

test('feeds open as readable pages in Chromium over HTTP and from disk: no XSLT banner, light and dark', async (t) => {
  const root = writeCorpus();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  const browser = await launchBrowser(t);
  if (!browser) return;
  const out = path.join(root, 'public');
  const server = await serveFolder(out);
  try {
    const feeds = ['feed.xml', 'atom.xml', `topics/${encodeURIComponent(TOPIC)}/atom.xml`, `topics/${encodeURIComponent(TOPIC)}/feed.xml`, 'tags/cpp/feed.xml'];
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport: { width: 375, height: 700 }, colorScheme });
      const page = await context.newPage();
      for (const base of [server.url, `${pathToFileURL(out).href}/`]) {
        for (const feed of feeds) {
          const xml = read(root, ...feed.split('/').map(decodeURIComponent));
          const view = await assertFeedPage(page, `${base}${feed}`, xml, `${colorScheme} ${base}${feed}`);
          // The palette follows prefers-color-scheme: proof that the stylesheet applied, in both schemes.
          assert.equal(view.background, colorScheme === 'dark' ? 'rgb(18, 20, 22)' : 'rgb(250, 250, 250)', `${colorScheme} ${feed}`);
        }
      }
      // The feeds page: the fallback list, in the same palette.
      await page.goto(`${server.url}feeds/`);
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), colorScheme === 'dark' ? 'rgb(18, 20, 22)' : 'rgb(250, 250, 250)');
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
});

test('the feeds page speaks the language: dates, headings, addresses decoded and links encoded', async (t) => {
  const root = writeCorpus();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  const browser = await launchBrowser(t);
  if (!browser) return;
  const server = await serveFolder(path.join(root, 'public'));
  try {
    const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
    await page.goto(`${server.url}feeds/`);
    assert.equal(await page.title(), '纸上谈兵 · 订阅源');
    assert.deepEqual(await page.$$eval('h2', (hs) => hs.map((h) => h.textContent)), ['全站', '主题', '标签', '最新文章']);
    const rss = parseRssFeed(read(root, 'feed.xml'));
    const latest = await page.$$eval('ol.items > li', (lis) => lis.map((li) => [li.querySelector('a')?.textContent, li.querySelector('a')?.getAttribute('href'), li.querySelector('time')?.textContent]));
    assert.deepEqual(
      latest.map(([title, href]) => [title, href]),
      (rss.items ?? []).map((i) => [i.title, i.link]),
    );
    // Dates as Chinese writes them, in the site's zone (Asia/Shanghai).
    assert.equal(latest[0]?.[2], '2025年6月16日');
    for (const [, , date] of latest) assert.match(date ?? '', /^\d{4}年\d{1,2}月\d{1,2}日$/);
    // The topic's address is shown decoded and linked encoded.
    const address = page.locator('a.address', { hasText: `/topics/${TOPIC}/feed.xml` });
    assert.equal(await address.textContent(), `https://news.example.org/topics/${TOPIC}/feed.xml`);
    assert.equal(await address.getAttribute('href'), `https://news.example.org/topics/${encodeURIComponent(TOPIC)}/feed.xml`);
    assert.equal(await page.locator('link[rel="alternate"][type="application/rss+xml"]').getAttribute('href'), 'https://news.example.org/feed.xml');
    assert.equal(await page.locator('script').count(), 0);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('a site deployed under a sub-path: its feeds find the stylesheet there, over HTTP and from disk', async (t) => {
  const root = writeCorpus();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.writeFileSync(path.join(root, 'broadsheet.yaml'), CONFIG.replace('url: https://news.example.org/', 'url: https://news.example.org/blog/'));
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  const browser = await launchBrowser(t);
  if (!browser) return;
  const out = path.join(root, 'public');
  const server = await serveFolder(out, '/blog/');
  try {
    const page = await browser.newPage();
    for (const base of [server.url, `${pathToFileURL(out).href}/`]) {
      for (const feed of ['feed.xml', `topics/${encodeURIComponent(TOPIC)}/atom.xml`]) {
        const xml = read(root, ...feed.split('/').map(decodeURIComponent));
        const view = await assertFeedPage(page, `${base}${feed}`, xml, `${base}${feed}`);
        assert.match(view.text, /https:\/\/news\.example\.org\/blog\/feeds\//);
        assert.equal(view.background, 'rgb(250, 250, 250)', `${base}${feed}: the stylesheet applied`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
});
