import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { renderBytes, renderText, type FeedFormat } from '../../src/feeds/feed-text.js';
import type { FeedItem, FeedModel } from '../../src/feeds/model.js';
import { atomFormat, renderAtom } from '../../src/feeds/render-atom.js';
import { jsonFeedFormat, renderJsonFeed } from '../../src/feeds/render-json-feed.js';
import { renderRss, rssFormat } from '../../src/feeds/render-rss.js';
import { assertWellFormed } from './feed-rules.js';

const FORMATS: Array<[string, FeedFormat, (m: FeedModel) => string]> = [
  ['rss', rssFormat, renderRss],
  ['atom', atomFormat, renderAtom],
  ['json', jsonFeedFormat, renderJsonFeed],
];

// Text that every filter and escape has work on: C0 and C1 controls, a lone surrogate,
// U+FFFE, `]]>`, quotes, entities, new lines, astral and CJK characters.
const NASTY = 'a\u0000b\u0008c\u0085d\uD800e\uFFFEf ]]> "q" \'s\' &amp; <b>x</b>\n\r\t😀中文';

function item(n: number, extra: Partial<FeedItem> = {}): FeedItem {
  const url = `https://news.example.org/posts/p${n}/`;
  return Object.freeze({
    id: url,
    url,
    title: `标题 ${n} ${NASTY}`,
    html: `<p>第${n}段 ${NASTY.replace(/[<>&]/g, '')}</p>\n<pre><code>if (a &lt; b &amp;&amp; c) {}</code></pre>`,
    summary: n % 2 ? `摘要 ${n} ${NASTY}` : '',
    published: new Date(Date.UTC(2025, 5, n, 4, 30, 4)),
    updated: new Date(Date.UTC(2025, 5, n, 9, 0, 0, n % 3 ? 0 : 250)),
    authors: n % 3 ? [{ name: `作者${n}`, email: `a${n}@news.example.org` }] : [],
    categories: [
      { term: '人工智能', label: `AI ${NASTY}`, scheme: 'https://news.example.org/topics/' },
      { term: 'C++', label: 'C++', scheme: 'https://news.example.org/tags/' },
    ],
    ...(n % 4 === 0 ? { image: `https://news.example.org/images/${n}.png?a=1&b="2"` } : {}),
    ...extra,
  });
}

function model(items: FeedItem[], over: Partial<FeedModel> = {}): FeedModel {
  return {
    kind: 'site',
    title: `纸上谈兵 ${NASTY}`,
    label: '纸上谈兵',
    description: `Tech & strategy ${NASTY}`,
    self: { rss: 'https://news.example.org/feed.xml', atom: 'https://news.example.org/atom.xml', json: 'https://news.example.org/feed.json' },
    formats: ['rss', 'atom', 'json'],
    home: 'https://news.example.org/',
    language: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    updated: items.reduce((d, i) => (i.updated > d ? i.updated : d), new Date(0)),
    authors: [{ name: `编辑部 ${NASTY}`, email: 'editors@news.example.org' }],
    generator: { name: 'Broadsheet', version: '9.9.9' },
    stylesheet: 'feed.css',
    browseUrl: 'https://news.example.org/feeds/',
    items,
    ...over,
  };
}

const bytesOf = (format: FeedFormat, m: FeedModel): Buffer => Buffer.concat(renderBytes(format, m));

test('the bytes a build writes are the UTF-8 of the string renderers, for 0, 1 and many items, shared or not', () => {
  const shared = [1, 2, 3, 4, 5, 6].map((n) => item(n));
  const unfrozen = shared.map((i) => ({ ...i }));
  const models = [model([]), model(shared.slice(0, 1)), model(shared), model(shared.slice(2).reverse()), model(unfrozen)];
  for (const [name, format, render] of FORMATS) {
    for (const m of models) {
      const text = render(m);
      assert.ok(bytesOf(format, m).equals(Buffer.from(text)), `${name} with ${m.items.length} items`);
      // Twice: the second time every piece comes from the memo.
      assert.ok(bytesOf(format, m).equals(Buffer.from(text)), `${name} with ${m.items.length} items, again`);
    }
  }
});

test('the assembled documents parse and carry every item, escaped, in order', () => {
  const items = [1, 2, 3, 4, 5].map((n) => item(n));
  const m = model(items);
  for (const [name, format] of FORMATS.slice(0, 2)) assertWellFormed(bytesOf(format, m).toString('utf8'), name);
  const rss = parseRssFeed(bytesOf(rssFormat, m).toString('utf8'));
  assert.deepEqual(rss.items?.map((i) => i.link), items.map((i) => i.url));
  // The slot holds the escaped HTML: parsed back, it is the HTML minus the stripped characters.
  const clean = (s: string): string => s.replace(/[\u0000\u0008\u0085\uD800\uFFFE]/g, '');
  // An XML parser reads a literal CR (as CR LF) as LF (XML 1.0 §2.11).
  const asXmlReadsIt = (s: string): string => clean(s).replace(/\r\n?/g, '\n');
  assert.deepEqual(rss.items?.map((i) => i.content?.encoded), items.map((i) => asXmlReadsIt(i.html)));
  const atom = parseAtomFeed(bytesOf(atomFormat, m).toString('utf8'));
  assert.deepEqual(atom.entries?.map((e) => e.content?.value), items.map((i) => asXmlReadsIt(i.html)));
  const jsonText = bytesOf(jsonFeedFormat, m).toString('utf8');
  // The pieces add up to JSON.stringify's own layout of the whole document.
  assert.equal(jsonText, `${JSON.stringify(JSON.parse(jsonText), null, 2)}\n`);
  const json = parseJsonFeed(jsonText);
  assert.deepEqual(json.items?.map((i) => i.content_html), items.map((i) => clean(i.html)));
  assert.deepEqual(json.items?.map((i) => i.title), items.map((i) => clean(i.title)));
  const empty = JSON.parse(bytesOf(jsonFeedFormat, model([])).toString('utf8')) as { items: unknown[] };
  assert.deepEqual(empty.items, []);
});

test('an item shared by feeds in different time zones is written in each feed’s own zone', () => {
  const shared = item(7);
  const shanghai = model([shared]);
  const newYork = model([shared], { timeZone: 'America/New_York' });
  for (const [name, format] of FORMATS) {
    const a = bytesOf(format, shanghai).toString('utf8');
    const b = bytesOf(format, newYork).toString('utf8');
    assert.match(a, /\+0800|\+08:00/, name);
    assert.match(b, /-0400|-04:00/, name);
    assert.doesNotMatch(b, /\+0800|\+08:00/, name);
    // And back: the memo of the first zone was replaced, not reused.
    assert.equal(bytesOf(format, shanghai).toString('utf8'), a, name);
  }
});

test('an Atom entry without authors takes the fallback of the feed it is in', () => {
  const anonymous = item(3);
  assert.equal(anonymous.authors.length, 0);
  const a = bytesOf(atomFormat, model([anonymous], { authors: [], label: 'Topic A' })).toString('utf8');
  const b = bytesOf(atomFormat, model([anonymous], { authors: [], label: 'Topic B' })).toString('utf8');
  assert.match(a, /<entry>[\s\S]*<name>Topic A<\/name>/);
  assert.match(b, /<entry>[\s\S]*<name>Topic B<\/name>/);
});
