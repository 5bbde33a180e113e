import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAtomFeed, parseJsonFeed, parseOpml, parseRssFeed } from 'feedsmith';
import { renderOutputs, type TextFile } from '../../src/build/outputs.js';
import type { Article } from '../../src/content/article.js';
import { ARTICLES, HTML, SITE, corpusConfig, taxonomyOf } from './corpus.js';
import { assertAsciiUrl, assertJsonFeed11, assertNamespacesDeclared, assertWellFormed, parseRfc3339, parseRfc822 } from './feed-rules.js';


function run(config = corpusConfig(), articles: Article[] = ARTICLES, rendered: string[] = []): Map<string, string> {
  const out = renderOutputs({
    config,
    published: articles,
    taxonomy: taxonomyOf(articles),
    render: (a) => {
      rendered.push(a.id);
      return HTML.get(a.id) ?? '';
    },
    version: '9.9.9',
  });
  return new Map(out.files.map((f: TextFile) => [f.path.join('/'), f.content]));
}

function file(files: Map<string, string>, path: string): string {
  const text = files.get(path);
  assert.ok(text !== undefined, `${path} was not written; have ${[...files.keys()].join(', ')}`);
  return text;
}

const byDate = [...ARTICLES].sort((a, b) => b.date.getTime() - a.date.getTime());

test('site RSS: valid, self link, RFC 822 +0800 dates equal the front matter instants, authors and categories right', () => {
  const xml = file(run(), 'feed.xml');
  assertWellFormed(xml, 'feed.xml');
  assertNamespacesDeclared(xml);
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<\?xml-stylesheet type="text\/css" href="feed\.css"\?>\n<!-- 这是一个 RSS 订阅源：/);
  const feed = parseRssFeed(xml);
  assert.equal(feed.title, '纸上谈兵');
  assert.equal(feed.link, SITE);
  assert.deepEqual(feed.atom?.links?.map((l) => [l.rel, l.href]), [['self', `${SITE}feed.xml`]]);
  // The channel date is the newest item's `updated`, never the clock.
  assert.equal(parseRfc822(feed.lastBuildDate ?? '').toISOString(), '2025-06-17T01:00:00.000Z');
  const items = feed.items ?? [];
  assert.deepEqual(items.map((i) => i.link), byDate.map((a) => a.url));
  for (const [n, item] of items.entries()) {
    const a = byDate[n]!;
    assertAsciiUrl(item.link);
    assert.match(item.pubDate ?? '', /\+0800$/);
    assert.equal(parseRfc822(item.pubDate ?? '').getTime(), a.date.getTime());
    assert.deepEqual(item.guid, { value: a.url, isPermaLink: true });
  }
  const [meta, node, hostile] = items;
  assert.equal(meta?.title, 'Meta的豪赌：143亿美元押注数据洞察');
  assert.deepEqual(xml.match(/<media:content [^>]*>/g), ['<media:content url="https://news.example.org/images/meta.png" medium="image"/>']);
  assert.deepEqual(meta?.authors, [{ email: 'desk@news.example.org', name: '新智元' }]);
  assert.equal(meta?.dc?.creators, undefined);
  assert.deepEqual(meta?.categories?.map((c) => [c.name, c.domain]), [
    ['人工智能战略投资', `${SITE}topics/`],
    ['科技人才与竞争', `${SITE}topics/`],
    ['AI竞赛', `${SITE}tags/`],
    ['C++', `${SITE}tags/`],
    ['AI/ML', `${SITE}tags/`],
  ]);
  // Footnote references and the note itself survive, linked absolutely.
  assert.match(meta?.content?.encoded ?? '', /<a href="https:\/\/news\.example\.org\/posts\/meta-scale-ai\/#fn-1">1<\/a>/);
  assert.match(meta?.content?.encoded ?? '', /<li id="fn-1">/);
  assert.doesNotMatch(meta?.content?.encoded ?? '', /\[\^/);
  // Two authors: both as dc:creator, no `author` next to them (W3C warns about both).
  assert.equal(node?.authors, undefined);
  assert.deepEqual(node?.dc?.creators, ['Ada', 'Bob']);
  assert.equal(node?.title, 'Node.js streams & C++ addons <fast>');
  assert.match(node?.content?.encoded ?? '', /a \]\]&gt; b/);
  assert.equal(hostile?.authors, undefined);
  assert.deepEqual(hostile?.dc?.creators, ['Carol']);
  // Characters outside XML's Char are gone; `]]>` is plain text.
  assert.equal(hostile?.title, 'Bell and ]]> in a title');
  assert.equal(hostile?.description, 'Summary with ]]> and a form feed.');
  assert.equal(hostile?.content?.encoded, '<p>CDATA end ]]&gt; here and  gone.</p>');
  for (const item of xml.split('<item>').slice(1)) {
    assert.ok((item.match(/<author>/g) ?? []).length <= 1, 'at most one author per item');
    assert.ok(!(item.includes('<author>') && item.includes('<dc:creator>')), 'author and dc:creator never together');
  }
});

test('site Atom: ids are permalinks, RFC 3339 dates, self and alternate links, html content and summary', () => {
  const xml = file(run(), 'atom.xml');
  assertWellFormed(xml, 'atom.xml');
  assertNamespacesDeclared(xml);
  assert.match(xml, /<\?xml-stylesheet type="text\/css" href="feed\.css"\?>\n<!-- 这是一个 Atom 订阅源：/);
  const feed = parseAtomFeed(xml);
  assert.equal(feed.id, `${SITE}atom.xml`);
  assert.equal(feed.title?.value ?? feed.title, '纸上谈兵');
  const links = feed.links?.map((l) => [l.rel, l.href]);
  assert.deepEqual(links, [['self', `${SITE}atom.xml`], ['alternate', SITE]]);
  assert.equal(parseRfc3339(feed.updated ?? '').toISOString(), '2025-06-17T01:00:00.000Z');
  assert.deepEqual(feed.authors, [{ name: '编辑部', email: 'editors@news.example.org' }]);
  const entries = feed.entries ?? [];
  assert.deepEqual(entries.map((e) => e.id), byDate.map((a) => a.id));
  for (const [n, e] of entries.entries()) {
    const a = byDate[n]!;
    assert.match(e.published ?? '', /\+08:00$/);
    assert.equal(parseRfc3339(e.published ?? '').getTime(), a.date.getTime());
    assert.equal(parseRfc3339(e.updated ?? '').getTime(), a.updated.getTime());
    assert.deepEqual(e.links?.filter((l) => l.rel === 'alternate').map((l) => l.href), [a.url]);
    assert.equal(e.content?.type, 'html');
    assert.equal(e.content?.value, HTML.get(a.id)?.replace(/[\u0001\uFFFE]/g, ''));
    assert.equal(e.summary?.value, a.summary.replace(/\f/g, ''));
  }
  assert.deepEqual(entries[0]?.categories?.map((c) => c.term), ['人工智能战略投资', '科技人才与竞争', 'AI竞赛', 'C++', 'AI/ML']);
  // The lead image, once, as Media RSS (declared namespace), on the article that has one.
  assert.deepEqual(xml.match(/<media:content [^>]*>/g), ['<media:content url="https://news.example.org/images/meta.png" medium="image"/>']);
});

test('site JSON Feed 1.1: shape, authors arrays, dates, tags, language', () => {
  const text = file(run(), 'feed.json');
  const doc = JSON.parse(text) as unknown;
  assertJsonFeed11(doc, `${SITE}feed.json`);
  const feed = parseJsonFeed(doc);
  assert.equal(feed.language, 'zh-CN');
  assert.deepEqual(feed.authors, [{ name: '编辑部', url: 'mailto:editors@news.example.org' }]);
  const items = feed.items ?? [];
  assert.deepEqual(items.map((i) => i.id), byDate.map((a) => a.id));
  assert.equal(new Date(items[0]?.date_published ?? '').getTime(), byDate[0]?.date.getTime());
  assert.equal(new Date(items[0]?.date_modified ?? '').getTime(), byDate[0]?.updated.getTime());
  assert.deepEqual(items[0]?.tags, ['人工智能战略投资', '科技人才与竞争', 'AI竞赛', 'C++', 'AI/ML']);
  assert.equal(items[0]?.image, `${SITE}images/meta.png`);
  assert.deepEqual(items[1]?.authors, [{ name: 'Ada' }, { name: 'Bob', url: 'mailto:bob@example.org' }]);
  assert.equal(items[2]?.title, 'Bell and ]]> in a title');
});

test('one feed per published topic and tag, under percent-encoded ASCII URLs named after the term', () => {
  const files = run();
  const feedDirs = [...files.keys()].filter((p) => p.endsWith('/feed.xml')).map((p) => p.slice(0, -'/feed.xml'.length)).sort();
  assert.deepEqual(feedDirs, [
    'tags/ai-ml',
    'tags/ai竞赛',
    'tags/cpp',
    'tags/hello-world',
    'tags/node.js',
    'topics/engineering',
    'topics/人工智能战略投资',
    'topics/科技人才与竞争',
  ]);
  for (const dir of feedDirs) {
    for (const f of ['feed.xml', 'atom.xml', 'feed.json']) assert.ok(files.has(`${dir}/${f}`), `${dir}/${f}`);
  }
  const topic = parseRssFeed(file(files, 'topics/人工智能战略投资/feed.xml'));
  const encoded = `${SITE}topics/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD%E6%88%98%E7%95%A5%E6%8A%95%E8%B5%84/feed.xml`;
  assert.equal(topic.atom?.links?.[0]?.href, encoded);
  assertAsciiUrl(topic.atom?.links?.[0]?.href);
  assert.equal(topic.title, '纸上谈兵 · 人工智能战略投资');
  assert.deepEqual(topic.items?.map((i) => i.title), ['Meta的豪赌：143亿美元押注数据洞察']);
  const hello = parseAtomFeed(file(files, 'tags/hello-world/atom.xml'));
  assert.equal(hello.links?.find((l) => l.rel === 'self')?.href, `${SITE}tags/hello-world/atom.xml`);
  assert.deepEqual(hello.entries?.map((e) => e.id), [ARTICLES[1]!.id, ARTICLES[2]!.id]);
  const json = JSON.parse(file(files, 'tags/cpp/feed.json')) as { feed_url: string; title: string };
  assert.equal(json.feed_url, `${SITE}tags/cpp/feed.json`);
  assert.equal(json.title, '纸上谈兵 · C++');
  for (const [path, text] of files) {
    if (path.endsWith('.xml')) {
      assertWellFormed(text, path);
      assertNamespacesDeclared(text);
    }
  }
});

test('feeds.limit cuts every feed to the newest items and each article is rendered exactly once', () => {
  const rendered: string[] = [];
  const files = run(corpusConfig({ feeds: { limit: 1, topics: true, tags: true } }), ARTICLES, rendered);
  assert.deepEqual(parseRssFeed(file(files, 'feed.xml')).items?.map((i) => i.link), [ARTICLES[0]!.url]);
  assert.deepEqual(parseRssFeed(file(files, 'tags/hello-world/feed.xml')).items?.map((i) => i.link), [ARTICLES[1]!.url]);
  // The meta article is in 6 feeds, node.js in 3; the oldest article in none.
  assert.deepEqual(rendered.sort(), [ARTICLES[0]!.id, ARTICLES[1]!.id].sort());
});

test('feeds.topics / feeds.tags off: no such feeds, and OPML lists what exists', () => {
  const files = run(corpusConfig({ feeds: { limit: 20, topics: false, tags: true } }));
  assert.equal([...files.keys()].some((p) => p.startsWith('topics/')), false);
  assert.ok(files.has('tags/cpp/feed.xml'));
  const opml = parseOpml(file(files, 'feeds.opml'));
  assert.deepEqual(opml.body?.outlines?.map((o) => o.text), ['纸上谈兵', '标签']);
});

test('OPML lists every feed once with its title and absolute ASCII xmlUrl', () => {
  const files = run();
  const xml = file(files, 'feeds.opml');
  assertWellFormed(xml, 'feeds.opml');
  const opml = parseOpml(xml);
  const outlines = (opml.body?.outlines ?? []).flatMap((o) => (o.outlines?.length ? o.outlines : [o]));
  const rssFiles = [...files.keys()].filter((p) => p.endsWith('feed.xml'));
  assert.equal(outlines.length, rssFiles.length);
  for (const path of rssFiles) {
    const feed = parseRssFeed(file(files, path));
    const self = feed.atom?.links?.[0]?.href;
    const matching = outlines.filter((o) => o.xmlUrl === self);
    assert.equal(matching.length, 1, `${path} listed once`);
    assert.equal(matching[0]?.text, feed.title);
    assert.equal(matching[0]?.title, feed.title);
    assert.equal(matching[0]?.type, 'rss');
    assertAsciiUrl(matching[0]?.xmlUrl);
    assert.equal(matching[0]?.htmlUrl, SITE);
  }
  assert.deepEqual(opml.body?.outlines?.map((o) => o.text), ['纸上谈兵', '主题', '标签']);
});

test('a site in UTC writes +0000 and Z; a site under a path links the stylesheet relatively', () => {
  const config = corpusConfig();
  const files = run({ ...config, site: { ...config.site, timezone: 'UTC', url: 'https://example.com/blog' } });
  const rss = file(files, 'feed.xml');
  assert.match(rss, /<\?xml-stylesheet type="text\/css" href="feed\.css"\?>/);
  const feed = parseRssFeed(rss);
  assert.equal(feed.atom?.links?.[0]?.href, 'https://example.com/blog/feed.xml');
  assert.equal(feed.items?.[0]?.pubDate, 'Mon, 16 Jun 2025 04:30:04 +0000');
  assert.match(parseAtomFeed(file(files, 'atom.xml')).entries?.[0]?.published ?? '', /^2025-06-16T04:30:04Z$/);
  assert.match(file(files, 'feed.css'), /https:\/\/example\.com\/blog\/feeds\//);
});

test('a site with no published articles still gets valid, clock-free site feeds and no term feeds', () => {
  const files = run(corpusConfig(), []);
  assert.deepEqual([...files.keys()].sort(), ['atom.xml', 'feed.css', 'feed.json', 'feed.xml', 'feeds.opml', 'feeds/index.html']);
  const rss = file(files, 'feed.xml');
  assertWellFormed(rss);
  assert.equal(parseRfc822(parseRssFeed(rss).lastBuildDate ?? '').getTime(), 0);
});

test('rendering the same input twice gives byte-identical files', () => {
  assert.deepEqual([...run().entries()], [...run().entries()]);
});

test('the HTML fallback page lists every feed, offers autodiscovery and escapes content', () => {
  const files = run();
  const html = file(files, 'feeds/index.html');
  assert.match(html, /<link rel="alternate" type="application\/rss\+xml" title="纸上谈兵" href="https:\/\/news\.example\.org\/feed\.xml">/);
  for (const path of [...files.keys()].filter((p) => p.endsWith('feed.xml'))) {
    const self = parseRssFeed(file(files, path)).atom?.links?.[0]?.href ?? '';
    assert.ok(html.includes(`href="${self}"`), `${path} linked from the page`);
  }
  assert.ok(html.includes('Node.js streams &amp; C++ addons &lt;fast&gt;'));
  assert.doesNotMatch(html, /<script|<fast>/);
});

test('without a configured author the publication is the author: Atom stays valid, RSS has no managingEditor', () => {
  const config = corpusConfig();
  const { author: _author, ...site } = config.site;
  const articles = ARTICLES.map((a) => ({ ...a, authors: [] }));
  const files = run({ ...config, site }, articles);
  const atom = parseAtomFeed(file(files, 'atom.xml'));
  assert.deepEqual(atom.authors, [{ name: '纸上谈兵' }]);
  const rss = file(files, 'feed.xml');
  assert.doesNotMatch(rss, /<managingEditor>|<author>|<dc:creator>/);
  const json = JSON.parse(file(files, 'feed.json')) as { authors: unknown };
  assert.deepEqual(json.authors, [{ name: '纸上谈兵' }]);
});
