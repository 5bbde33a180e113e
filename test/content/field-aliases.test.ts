import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileNameDate, resolveAliases } from '../../src/content/field-aliases.js';
import { parseArticle } from '../../src/content/parse-article.js';
import { notArticleSummary } from '../../src/content/not-articles.js';
import { contentFilter, globMatcher } from '../../src/content/globs.js';
import { DEFAULT_DATE_FROM, DEFAULT_UPDATED_FROM } from '../../src/config/schema.js';
import { testConfig } from './helpers.js';

const config = testConfig({ timezone: 'UTC' });

function article(text: string, rel = 'a.md', cfg = config) {
  const r = parseArticle(text, rel, cfg);
  assert.deepEqual(r.problems, [], text);
  assert.ok(r.article, text);
  return r.article;
}

test('dates in the default order: date, publishDate, pubDate, published, then the file name', () => {
  assert.equal(article('---\ntitle: t\npubDate: Jul 08 2022\n---\n').date.toISOString(), '2022-07-08T00:00:00.000Z');
  assert.equal(article('---\ntitle: t\npublished: 2020-01-02\n---\n').date.toISOString(), '2020-01-02T00:00:00.000Z');
  const both = article('---\ntitle: t\npublishDate: 2021-01-01\ndate: 2020-01-01\n---\n', '2019-01-01-x.md');
  assert.equal(both.date.toISOString(), '2020-01-01T00:00:00.000Z');
  // publishDate keeps its own meaning (not before) when it is also the date.
  const hugo = article('---\ntitle: t\npublishDate: 2021-01-01\n---\n');
  assert.deepEqual([hugo.date.toISOString(), hugo.publishDate?.toISOString()], ['2021-01-01T00:00:00.000Z', '2021-01-01T00:00:00.000Z']);
  assert.equal(article('---\ntitle: t\n---\n', '2014-05-06-post.markdown').date.toISOString(), '2014-05-06T00:00:00.000Z');
  assert.equal(article('---\ntitle: t\n---\n', 'posts/2014-05-06-bundle/index.md').date.toISOString(), '2014-05-06T00:00:00.000Z');
  // `published: true` is Jekyll's switch, not a date.
  assert.equal(article('---\ntitle: t\npublished: true\n---\n', '2014-05-06-post.md').date.toISOString(), '2014-05-06T00:00:00.000Z');
  assert.equal(fileNameDate('2025-02-30-nope.md'), undefined);
  assert.equal(fileNameDate('2025-02-03.md'), '2025-02-03');
  assert.equal(fileNameDate('notes-2025-02-03.md'), undefined);
});

test('the order is configurable, as Hugo\'s frontmatter.date is', () => {
  const cfg = testConfig({ timezone: 'UTC' }, { content: { dir: 'content', date: [':filename', 'date'], updated: [':filename'] } });
  const a = article('---\ntitle: t\ndate: 2020-01-01\n---\n', '2019-03-04-x.md', cfg);
  assert.deepEqual([a.date.toISOString(), a.updated.toISOString()], ['2019-03-04T00:00:00.000Z', '2019-03-04T00:00:00.000Z']);
  // An order without the file name: an undated file is a page even with a dated name.
  const noName = testConfig({ timezone: 'UTC' }, { content: { date: ['date'] } });
  assert.deepEqual(parseArticle('---\ntitle: t\n---\n', '2019-03-04-x.md', noName).notArticle, { file: '2019-03-04-x.md', reason: 'no-date' });
});

test('update time from updated, lastmod, updatedDate or modified', () => {
  assert.equal(article('---\ntitle: t\ndate: 2020-01-01\nupdatedDate: July 8, 2020\n---\n').updated.toISOString(), '2020-07-08T00:00:00.000Z');
  assert.equal(article('---\ntitle: t\ndate: 2020-01-01\nmodified: 2020-02-02\n---\n').updated.toISOString(), '2020-02-02T00:00:00.000Z');
  assert.equal(article('---\ntitle: t\ndate: 2020-01-01\nlastmod: 2020-03-03\nupdated: 2020-04-04\n---\n').updated.toISOString(), '2020-04-04T00:00:00.000Z');
  const lastmodFirst = testConfig({ timezone: 'UTC' }, { content: { updated: ['lastmod', 'updated'] } });
  assert.equal(article('---\ntitle: t\ndate: 2020-01-01\nlastmod: 2020-03-03\nupdated: 2020-04-04\n---\n', 'a.md', lastmodFirst).updated.toISOString(), '2020-03-03T00:00:00.000Z');
});

test('an unreadable date is a warning when the file name has one, a problem at its line otherwise', () => {
  const a = article('---\ntitle: t\ndate: someday\n---\n', '2016-10-06-x.md');
  assert.equal(a.date.toISOString(), '2016-10-06T00:00:00.000Z');
  assert.deepEqual(a.warnings?.map((w) => [w.code, w.file, w.line, w.path]), [['DateFromFileName', '2016-10-06-x.md', 3, 'date']]);
  const bad = parseArticle('---\ntitle: t\n\npubDate: someday\n---\n', 'x.md', config).problems;
  assert.deepEqual(bad.map((p) => [p.code, p.line, p.path]), [['FrontMatterInvalid', 4, 'pubDate']]);
  assert.match(bad[0]?.message ?? '', /^pubDate: "someday" is not a date/);
  const badUpdate = parseArticle('---\ntitle: t\ndate: 2020-01-01\nupdatedDate: later\n---\n', 'x.md', config).problems;
  assert.deepEqual(badUpdate.map((p) => [p.line, p.path]), [[4, 'updatedDate']]);
});

test('topics and tags from category/categories and tag/tags, one string or a list', () => {
  const a = article('---\ntitle: t\ndate: 2020-01-01\ncategory: Release\ncategories: [News, Release]\ntag: one tag\ntags: [two]\n---\n');
  assert.deepEqual([a.topics, a.tags], [['Release', 'News'], ['one tag', 'two']]);
  const single = article('---\ntitle: t\ndate: 2020-01-01\n\ntag: solo\n---\n');
  assert.deepEqual([single.tags, single.fieldLines?.['tags'], single.fieldLines?.['tag']], [['solo'], 5, 5], 'later problems about tags point at the tag line');
  const b = article('---\ntitle: t\ndate: 2020-01-01\ncategories: Notes\ntags: another tag\n---\n');
  assert.deepEqual([b.topics, b.tags], [['Notes'], ['another tag']]);
  // The configured topic field comes first, as before.
  const c = article('---\ntitle: t\ndate: 2020-01-01\nmain_topics: [AI]\ncategory: Release\n---\n');
  assert.deepEqual(c.topics, ['AI']);
});

test('lead image from image, heroImage, cover, featured_image or images[0]; summary from excerpt', () => {
  const img = (fm: string, rel = 'a.md') => article(`---\ntitle: t\ndate: 2020-01-01\n${fm}\n---\n`, rel).image;
  assert.equal(img('heroImage: /hero.jpg'), 'https://news.example.org/hero.jpg');
  assert.equal(img('cover:\n  image: cover.jpg\n  alt: x', 'post/index.md'), 'https://news.example.org/posts/post/cover.jpg');
  assert.equal(img('featured_image: https://cdn.example.org/f.png'), 'https://cdn.example.org/f.png');
  assert.equal(img('images: [/one.png, /two.png]'), 'https://news.example.org/one.png');
  assert.equal(img('image:\n  path: /jekyll.png'), 'https://news.example.org/jekyll.png');
  assert.equal(img('image: /own.png\nheroImage: /hero.png'), 'https://news.example.org/own.png');
  assert.equal(img('cover:\n  image: ""\nheroImage: /hero.png'), 'https://news.example.org/hero.png');
  assert.equal(img('tags: [x]'), undefined);
  const bad = parseArticle('---\ntitle: t\ndate: 2020-01-01\nheroImage: 5\n---\n', 'a.md', config);
  assert.equal(bad.article?.image, undefined, 'a number is no image: nothing is taken');
  const ex = article('---\ntitle: t\ndate: 2020-01-01\nexcerpt: "The *short* text."\n---\nBody text.\n');
  assert.equal(ex.summary, 'The short text.');
  const desc = article('---\ntitle: t\ndate: 2020-01-01\ndescription: Described.\nexcerpt: Excerpt.\n---\n');
  assert.equal(desc.summary, 'Described.');
});

test('author as a string, a list or an object', () => {
  assert.deepEqual(article('---\ntitle: t\ndate: 2020-01-01\nauthor: parkr\n---\n').authors, [{ name: 'parkr' }]);
  assert.deepEqual(article('---\ntitle: t\ndate: 2020-01-01\nauthor: [A, B <b@example.org>]\n---\n').authors, [{ name: 'A' }, { name: 'B', email: 'b@example.org' }]);
  assert.deepEqual(article('---\ntitle: t\ndate: 2020-01-01\nauthor:\n  name: Ada\n  url: https://ada.example.org/\n  avatar: ada.png\n---\n').authors, [{ name: 'Ada', url: 'https://ada.example.org/' }]);
});

test('the generators’ "not a list item" switches; pages; strict folders', () => {
  const left = (fm: string, rel = 'a.md', cfg = config) => parseArticle(`---\ntitle: t\n${fm}\n---\n`, rel, cfg).notArticle;
  assert.deepEqual(left('date: 2020-01-01\npublished: false'), { file: 'a.md', reason: 'not-listed', setting: 'published: false' });
  assert.deepEqual(left('date: 2020-01-01\neleventyExcludeFromCollections: true')?.setting, 'eleventyExcludeFromCollections: true');
  assert.deepEqual(left('date: 2020-01-01\nheadless: true')?.setting, 'headless: true');
  assert.deepEqual(left('date: 2020-01-01\nbuild:\n  list: never')?.setting, 'build.list: never');
  assert.deepEqual(left('date: 2020-01-01\n_build:\n  list: false')?.setting, '_build.list: false');
  assert.equal(left('date: 2020-01-01\nbuild:\n  list: local'), undefined);
  // A file left out is not checked: its bad date stops nothing.
  assert.deepEqual(parseArticle('---\ntitle: t\ndate: soon\npublished: false\n---\n', 'a.md', config).problems, []);
  assert.deepEqual(left('weight: 3'), { file: 'a.md', reason: 'no-date' });
  const strict = testConfig({}, { content: { include: ['posts'] } });
  const problems = parseArticle('---\ntitle: t\n---\n', 'posts/a.md', strict).problems;
  assert.deepEqual(problems.map((p) => [p.code, p.path]), [['FrontMatterMissingField', 'date']]);
  assert.match(problems[0]?.hint ?? '', /content\.include/);
});

test('aliases leave ordinary front matter as it is, the same object', () => {
  const data = { title: 't', date: '2020-01-01', tags: ['a'], image: 'x.png', summary: 's' };
  const r = resolveAliases(data, 'a.md', { date: DEFAULT_DATE_FROM, updated: DEFAULT_UPDATED_FROM }, 'a.md', () => 1);
  assert.equal(r.data, data);
  assert.deepEqual([r.sources.size, r.dated, r.warnings], [0, true, []]);
});

test('include and exclude globs; the build summary lines', () => {
  assert.equal(globMatcher('posts')('posts/a.md'), true);
  assert.equal(globMatcher('posts/')('posts/deep/a.md'), true);
  assert.equal(globMatcher('posts')('postscript/a.md'), false);
  assert.equal(globMatcher('**/*.md')('a.md'), true);
  assert.equal(globMatcher('*.md')('dir/a.md'), false);
  assert.equal(globMatcher('content/{blog,news}/**')('content/news/x/y.md'), true);
  assert.equal(globMatcher('content/[bn]log/?.md')('content/blog/a.md'), true);
  assert.equal(globMatcher('a.b/*.md')('axb/c.md'), false);
  const keep = contentFilter(['posts', '_posts'], ['**/draft-*']);
  assert.deepEqual(['posts/a.md', '_posts/b.md', 'about.md', 'posts/x/draft-1.md'].filter((f) => keep?.(f)), ['posts/a.md', '_posts/b.md']);
  assert.equal(contentFilter([], []), undefined);
  assert.deepEqual(notArticleSummary([]), []);
  const many = Array.from({ length: 12 }, (_, i) => ({ file: `p${i}.md`, reason: 'no-date' as const }));
  assert.deepEqual(notArticleSummary([many[0] as (typeof many)[number], { file: 'x.md', reason: 'not-listed', setting: 'headless: true' }]), [
    'Left out 1 page without a date: p0.md',
    'Left out 1 file their generator keeps out of lists: x.md (headless: true)',
  ]);
  assert.equal(notArticleSummary(many)[0], 'Left out 12 pages without a date: p0.md, p1.md, p2.md, p3.md, p4.md, p5.md, p6.md, p7.md, p8.md, p9.md and 2 more');
  assert.equal(notArticleSummary(many, Infinity)[0]?.endsWith('p10.md, p11.md'), true);
});
