import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parseArticle } from '../../src/content/parse-article.js';
import { fixture, testConfig } from './helpers.js';

const config = testConfig();
// content.include says every file read is an article: a missing date is then a problem.
const strictConfig = testConfig({}, { content: { include: ['**'] } });

function ok(text: string, rel = 'a.md', cfg = config) {
  const { article, problems } = parseArticle(text, rel, cfg);
  assert.deepEqual(problems, []);
  assert.ok(article);
  return article;
}

test('an article shaped like the seed: every field normalised', () => {
  const text = fixture('seed-shaped.md');
  const a = ok(text, '2025-07-02-cloud-chips.md');
  assert.equal(a.title, '云厂商的豪赌：千亿资本押注自研芯片，算力竞赛进入下半场');
  assert.equal(a.date.toISOString(), '2025-07-02T00:05:00.000Z');
  assert.equal(a.updated.getTime(), a.date.getTime());
  assert.equal(a.draft, false);
  assert.equal(a.slug, 'cloud-chips');
  assert.equal(a.url, 'https://news.example.org/posts/cloud-chips/');
  assert.equal(a.id, a.url);
  assert.deepEqual(a.tags, ['AI竞赛', '云计算', 'C++', 'AI/ML', 'Node.js', 'hello world', '自研芯片']);
  assert.deepEqual(a.topics, ['人工智能战略投资', '算力基础设施']);
  assert.deepEqual(a.authors, [{ name: '编辑部', email: 'ed@news.example.org' }]);
  // The summary's footnote marker is gone, the rest is the front matter's text.
  assert.ok(a.summary.startsWith('三家云厂商在一个季度内宣布了总额超过千亿元的自研芯片计划。本文'), a.summary);
  assert.ok(!a.summary.includes('[^'));
  assert.equal(a.bodyLine, 18);
  assert.ok(a.body.startsWith('\n> 当算力成为'));
  assert.equal(a.hash, createHash('sha256').update(text).digest('hex'));
});

test('offset-less dates, unquoted in YAML, are read in site.timezone, not UTC', () => {
  const a = ok('---\ntitle: t\ndate: 2025-06-16T12:30:04\nupdated: 2025-06-17\n---\n');
  assert.equal(a.date.toISOString(), '2025-06-16T04:30:04.000Z');
  assert.equal(a.updated.toISOString(), '2025-06-16T16:00:00.000Z');
  const ny = ok('---\ntitle: t\ndate: 2025-06-16T12:30:04\n---\n', 'a.md', testConfig({ timezone: 'America/New_York' }));
  assert.equal(ny.date.toISOString(), '2025-06-16T16:30:04.000Z');
});

test('an explicit !!timestamp tag does not turn an offset-less time into UTC', () => {
  const a = ok('---\ntitle: t\ndate: !!timestamp 2025-06-16T12:30:04\n---\n');
  assert.equal(a.date.toISOString(), '2025-06-16T04:30:04.000Z');
});

test('TOML local and offset dates; lastmod; publishDate and expiryDate', () => {
  const a = ok('+++\ntitle = "t"\ndate = 2025-06-16T12:30:04\nlastmod = 2025-06-18T00:00:00Z\npublishDate = 2025-06-20\nexpiryDate = 2026-01-01T00:00:00+08:00\n+++\n');
  assert.equal(a.date.toISOString(), '2025-06-16T04:30:04.000Z');
  assert.equal(a.updated.toISOString(), '2025-06-18T00:00:00.000Z');
  assert.equal(a.publishDate?.toISOString(), '2025-06-19T16:00:00.000Z');
  assert.equal(a.expiryDate?.toISOString(), '2025-12-31T16:00:00.000Z');
  // A plain Date, so feeds print UTC.
  assert.equal(Object.getPrototypeOf(a.date), Date.prototype);
});

test('JSON front matter, authors in every shape, image made absolute', () => {
  const a = ok('{"title": "J", "date": "2025-06-16T08:00:00Z", "authors": ["Ann", "Bo <bo@example.com>", {"name": "Cy", "url": "https://cy.example"}], "image": "img/lead.png"}\nBody', 'posts/j.md');
  // An author's url is made absolute and ASCII as a URL parser writes it (the trailing `/`).
  assert.deepEqual(a.authors, [{ name: 'Ann' }, { name: 'Bo', email: 'bo@example.com' }, { name: 'Cy', url: 'https://cy.example/' }]);
  assert.equal(a.image, 'https://news.example.org/posts/j/img/lead.png');
  assert.equal(a.sourcePath, 'posts/j.md');
});

test('tags and topics: a single string, trimmed, de-duplicated; topics field order and override', () => {
  const a = ok('---\ntitle: t\ndate: 2025-06-16\ntags: " solo "\ncategories: [x]\ntopics: [" A ", "A", "B"]\n---\n');
  assert.deepEqual(a.tags, ['solo']);
  assert.deepEqual(a.topics, ['A', 'B']);
  const custom = ok('---\ntitle: t\ndate: 2025-06-16\nsection: 科技\nmain_topics: [x]\n---\n', 'a.md', testConfig({}, { topics: { field: 'section' } }));
  assert.deepEqual(custom.topics, ['科技']);
});

test('summary: description, <!--more-->, or an excerpt', () => {
  assert.equal(ok('---\ntitle: t\ndate: 2025-06-16\ndescription: "Short *one*."\n---\nBody').summary, 'Short one.');
  const more = ok('---\ntitle: t\ndate: 2025-06-16\n---\nIntro with a [link](/x) and a note[^1].\n\n<!-- more -->\n\nRest.\n\n[^1]: Note.\n');
  assert.equal(more.summary, 'Intro with a link and a note.');
  const excerpt = ok('---\ntitle: t\ndate: 2025-06-16\n---\n# Heading\n\nPlain **bold** <span>html</span> text.\n');
  assert.equal(excerpt.summary, 'Heading Plain bold html text.');
});

test('slugs: front matter, file name with a date, page bundles, Chinese NFC and percent-encoded', () => {
  assert.equal(ok('---\ntitle: t\ndate: 2025-06-16\nslug: my-post\n---\n', 'x.md').slug, 'my-post');
  assert.equal(ok('---\ntitle: t\ndate: 2025-06-16\n---\n', '2025-06-16-dated.md').slug, 'dated');
  assert.equal(ok('---\ntitle: t\ndate: 2025-06-16\n---\n', 'posts/bundle/index.md').slug, 'bundle');
  const zh = ok('---\ntitle: t\ndate: 2025-06-16\nslug: "cafe\u0301-数据"\n---\n');
  assert.equal(zh.slug, 'café-数据');
  assert.equal(zh.url, 'https://news.example.org/posts/caf%C3%A9-%E6%95%B0%E6%8D%AE/');
});

test('permalink tokens use the date as the site time zone reads it', () => {
  const cfg = testConfig({ permalink: '/:section/:year/:month/:day/:slug/', url: 'https://example.org/blog' });
  // 2025-12-31T17:00Z is already 1 January 2026 in Shanghai.
  const a = ok('---\ntitle: t\ndate: 2025-12-31T17:00:00Z\n---\n', 'news/x.md', cfg);
  assert.equal(a.url, 'https://example.org/blog/news/2026/01/01/x/');
  const top = ok('---\ntitle: t\ndate: 2025-12-31T17:00:00Z\n---\n', 'x.md', cfg);
  assert.equal(top.url, 'https://example.org/blog/2026/01/01/x/');
});

test('every problem of a file at once, each with its line and field', () => {
  const text = '---\ntitle: 42\ndraft: "no"\ntags: {a: 1}\nslug: ../../x\nupdated: 2025-02-30\n---\nBody\n';
  const { article, problems } = parseArticle(text, 'bad.md', strictConfig);
  assert.equal(article, undefined);
  const byPath = new Map(problems.map((p) => [p.path, p]));
  assert.equal(byPath.get('date')?.code, 'FrontMatterMissingField');
  assert.equal(byPath.get('date')?.line, 1);
  assert.equal(byPath.get('draft')?.line, 3);
  assert.match(byPath.get('draft')?.message ?? '', /true or false/);
  assert.equal(byPath.get('tags')?.line, 4);
  assert.equal(byPath.get('slug')?.code, 'SlugUnsafe');
  assert.equal(byPath.get('slug')?.line, 5);
  assert.equal(byPath.get('updated')?.line, 6);
  assert.match(byPath.get('updated')?.message ?? '', /not a date/);
  // A number is accepted as a title.
  assert.equal(byPath.has('title'), false);
  for (const p of problems) assert.equal(p.file, 'bad.md');
});

test('a bad author part is named precisely', () => {
  const { problems } = parseArticle('---\ntitle: t\ndate: 2025-01-01\nauthor:\n  name: A\n  email: not-an-email\nauthors: [{name: B, url: "ftp://x"}]\n---\n', 'a.md', config);
  assert.deepEqual(
    problems.map((p) => [p.path, p.line, p.message]),
    [
      ['author.email', 4, 'author.email: is not an email address'],
      ['authors[0].url', 7, 'authors[0].url: uses the "ftp:" scheme; only http(s) URLs and paths on the site are allowed'],
    ],
  );
});

test('missing title, empty title and unsafe slugs', () => {
  const missing = parseArticle('---\ndate: 2025-06-16\n---\n', 'm.md', config).problems;
  // Without a date it is a page, left out without a problem; with content.include, a problem.
  const page = parseArticle('---\ntitle: About\n---\n', 'about.md', config);
  assert.deepEqual([page.problems, page.article, page.notArticle], [[], undefined, { file: 'about.md', reason: 'no-date' }]);
  assert.deepEqual(parseArticle('Just text', 'n.md', config).notArticle, { file: 'n.md', reason: 'no-date' });
  assert.deepEqual(missing.map((p) => [p.path, p.code]), [['title', 'FrontMatterMissingField']]);
  const empty = parseArticle('---\ntitle: "  "\ndate: 2025-06-16\n---\n', 'e.md', config).problems;
  assert.equal(empty[0]?.line, 2);
  for (const slug of ['"../../x"', '".."', '"a/b"', '"a\\\\b"', '""']) {
    const p = parseArticle(`---\ntitle: t\ndate: 2025-06-16\nslug: ${slug}\n---\n`, 's.md', config).problems;
    assert.equal(p[0]?.code, 'SlugUnsafe', slug);
    assert.equal(p[0]?.line, 4);
  }
  // A control character is removed where text comes in, before the slug is looked at.
  assert.equal(ok('---\ntitle: t\ndate: 2025-06-16\nslug: "a\\u0007b"\n---\n').slug, 'ab');
  const none = parseArticle('Just text', 'n.md', strictConfig).problems;
  assert.equal(none[0]?.code, 'FrontMatterMissing');
});
