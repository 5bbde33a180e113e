import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { writeEditionArchive } from '../../src/digest/archive.js';
import { prepareEdition } from '../../src/digest/prepare.js';
import { selectEdition } from '../../src/digest/select.js';
import { article, config } from './fixtures.js';
import { parseHtml } from './html.js';

test('each archived edition gets a page, a line in editions.json and an item in the RSS feed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-archive-'));
  try {
    const cfg = config({ output: 'public' }, dir);
    const a = article({ slug: 'a', title: 'First & best', date: new Date('2025-06-12T10:00:00Z'), topics: ['x'] });
    const b = article({ slug: 'b', title: 'Second <two>', date: new Date('2025-06-19T10:00:00Z'), topics: ['y'] });
    const e1 = await prepareEdition(selectEdition([a], cfg, { at: new Date('2025-06-16T01:00:00Z'), held: new Set() }), cfg);
    const e2 = await prepareEdition(selectEdition([a, b], cfg, { at: new Date('2025-06-23T01:00:00Z'), held: new Set([a.id]) }), cfg);
    await writeEditionArchive(cfg, e1);
    const result = await writeEditionArchive(cfg, e2);
    await writeEditionArchive(cfg, e2); // idempotent: re-archiving replaces, never duplicates

    const root = path.join(dir, 'public', 'digests');
    assert.equal(result.page, path.join(root, '2025-06-23-0900', 'index.html'));
    assert.equal(e2.webUrl, 'https://news.example.org/digests/2025-06-23-0900/');
    const page = parseHtml(fs.readFileSync(result.page, 'utf8'));
    assert.ok(page.links().some((l) => l.href === b.url && l.text === 'Second <two>'));
    assert.ok(!page.links().some((l) => /unsubscribe|preferences/.test(l.href)), 'no personal links on the web');
    assert.ok(fs.existsSync(path.join(root, '2025-06-16-0900', 'index.html')));

    const index = JSON.parse(fs.readFileSync(path.join(root, 'editions.json'), 'utf8')) as { editions: { id: string; count: number }[] };
    assert.deepEqual(index.editions.map((e) => [e.id, e.count]), [['2025-06-23-0900', 1], ['2025-06-16-0900', 1]]);

    const xml = fs.readFileSync(path.join(root, 'feed.xml'), 'utf8');
    const rss = new XMLParser({ ignoreAttributes: false }).parse(xml) as { rss: { '@_version': string; channel: { title: string; link: string; item: { title: string; link: string; guid: { '#text': string }; pubDate: string; description: string }[] } } };
    assert.equal(rss.rss['@_version'], '2.0');
    assert.equal(rss.rss.channel.link, 'https://news.example.org/digests/');
    const items = rss.rss.channel.item;
    assert.deepEqual(items.map((i) => i.link), [e2.webUrl, e1.webUrl]);
    assert.equal(items[0]?.title, e2.subject);
    assert.equal(new Date(items[0]?.pubDate ?? '').toISOString(), '2025-06-23T01:00:00.000Z');
    // The description is HTML to readers: the title is text in it, not a <two> element.
    const description = parseHtml(items[0]?.description ?? '');
    assert.deepEqual(description.byTag('li').map((li) => description.text(li)), ['Second <two>']);
    assert.equal(description.byTag('two').length, 0, 'a title never becomes an element');
    assert.ok(fs.readdirSync(root).every((f) => !f.endsWith('.tmp')), 'no temporary files left');

    // The list of editions, and the way to it from each page.
    const list = parseHtml(fs.readFileSync(path.join(root, 'index.html'), 'utf8'));
    assert.deepEqual(list.byTag('li').map((li) => list.text(li).startsWith(e2.subject) || list.text(li).startsWith(e1.subject)), [true, true]);
    assert.deepEqual(list.links().filter((l) => l.href.includes('/digests/2')).map((l) => l.href), [e2.webUrl, e1.webUrl]);
    assert.ok(list.byTag('link').some((l) => l.attribs.rel === 'alternate' && l.attribs.href === 'https://news.example.org/digests/feed.xml'));
    assert.ok(page.links().some((l) => l.href === 'https://news.example.org/digests/'), 'the page links to all editions');
    assert.ok(page.byTag('link').some((l) => l.attribs.rel === 'alternate' && l.attribs.type === 'application/rss+xml'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an edition id that is not a safe folder name is refused', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-archive-'));
  try {
    const cfg = config({}, dir);
    const r = await prepareEdition(selectEdition([article({ slug: 'a', date: new Date('2025-06-12T10:00:00Z') })], cfg, { at: new Date('2025-06-16T01:00:00Z'), held: new Set() }), cfg);
    await assert.rejects(writeEditionArchive(cfg, { ...r, plan: { ...r.plan, id: '../escape' } }), /cannot name an archive folder/);
    assert.ok(!fs.existsSync(path.join(dir, 'escape')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
