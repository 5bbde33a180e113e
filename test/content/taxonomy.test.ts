import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Article } from '../../src/content/article.js';
import { buildTaxonomy } from '../../src/content/taxonomy.js';
import { testConfig } from './helpers.js';

function article(slug: string, date: string, tags: string[], topics: string[] = []): Article {
  const url = `https://news.example.org/posts/${slug}/`;
  const d = new Date(date);
  return { id: url, url, slug, sourcePath: `${slug}.md`, title: slug, date: d, updated: d, draft: false, summary: '', tags, topics, authors: [], body: '', bodyLine: 1, hash: '' };
}

test('terms with readable slugs, display names from config, articles newest first', () => {
  const cfg = testConfig({}, { tags: { names: {}, slugs: { 'c++': 'cpp' } }, topics: { names: { 人工智能战略投资: 'AI 投资' }, slugs: {} } });
  const a = article('a', '2025-01-01T00:00:00Z', ['C++', 'AI/ML'], ['人工智能战略投资']);
  const b = article('b', '2025-03-01T00:00:00Z', ['Node.js', 'hello world', 'AI/ML'], ['人工智能战略投资']);
  const c = article('c', '2025-03-01T00:00:00Z', ['AI/ML'], []);
  const { taxonomy, problems } = buildTaxonomy([a, b, c], cfg);
  assert.deepEqual(problems, []);
  const tags = new Map(taxonomy.tags.map((t) => [t.slug, t]));
  assert.deepEqual([...tags.keys()].sort(), ['ai-ml', 'cpp', 'hello-world', 'node.js']);
  assert.deepEqual(tags.get('ai-ml')?.articles.map((x) => x.slug), ['b', 'c', 'a']);
  assert.equal(tags.get('cpp')?.name, 'C++');
  const topic = taxonomy.topics[0];
  assert.equal(topic?.slug, '人工智能战略投资');
  assert.equal(topic?.title, 'AI 投资');
  assert.deepEqual(topic?.articles.map((x) => x.slug), ['b', 'a']);
});

test('names differing only in case or width are one term, shown as most written', () => {
  const { taxonomy, problems } = buildTaxonomy(
    [article('a', '2025-01-01T00:00:00Z', ['AI']), article('b', '2025-01-02T00:00:00Z', ['ai']), article('c', '2025-01-03T00:00:00Z', ['ＡＩ']), article('d', '2025-01-04T00:00:00Z', ['AI'])],
    testConfig(),
  );
  assert.deepEqual(problems, []);
  assert.equal(taxonomy.tags.length, 1);
  assert.equal(taxonomy.tags[0]?.name, 'AI');
  assert.equal(taxonomy.tags[0]?.articles.length, 4);
});

test('two different names that share a slug are a problem, never a silent merge', () => {
  const b = { ...article('b', '2025-01-02T00:00:00Z', ['AI ML']), fieldLines: { title: 2, tags: 5 } };
  const { problems } = buildTaxonomy([article('a', '2025-01-01T00:00:00Z', ['AI/ML']), b], testConfig());
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.code, 'TermSlugCollision');
  assert.equal(problems[0]?.line, 5);
  assert.equal(problems[0]?.path, 'tags');
  assert.match(problems[0]?.file ?? '', /b\.md$/);
  assert.match(problems[0]?.message ?? '', /"AI ML".*"AI\/ML".*ai-ml/);
  // A config slug resolves it.
  const fixed = buildTaxonomy([article('a', '2025-01-01T00:00:00Z', ['AI/ML']), article('b', '2025-01-02T00:00:00Z', ['AI ML'])], testConfig({}, { tags: { names: {}, slugs: { 'AI ML': 'ai-and-ml' } } }));
  assert.deepEqual(fixed.problems, []);
  assert.deepEqual(fixed.taxonomy.tags.map((t) => t.slug).sort(), ['ai-and-ml', 'ai-ml']);
});

test('an unsafe slug in the config is a problem', () => {
  const { problems } = buildTaxonomy([article('a', '2025-01-01T00:00:00Z', ['x'])], testConfig({}, { tags: { names: {}, slugs: { x: '../../x' } } }));
  assert.equal(problems[0]?.code, 'ConfigInvalid');
});

test('terms list their articles newest first whether or not the input was in that order', () => {
  // Newest-first input (loadContent's order) takes a shortcut: every term's list is a
  // subsequence of it. Any other order sorts each list. Both must agree.
  const articles = Array.from({ length: 60 }, (_, i) =>
    article(`a${i}`, new Date(Date.UTC(2025, 0, 1 + (i % 17), i % 5)).toISOString(), [`t${i % 4}`, `t${i % 7}`], [`topic${i % 3}`]),
  );
  const newestFirst = [...articles].sort((x, y) => y.date.getTime() - x.date.getTime() || (x.url < y.url ? -1 : x.url > y.url ? 1 : 0));
  const listed = (list: Article[]): string[][] => {
    const { taxonomy } = buildTaxonomy(list, testConfig());
    return [...taxonomy.tags, ...taxonomy.topics].map((t) => [t.slug, ...t.articles.map((a) => a.slug)]);
  };
  assert.deepEqual(listed(articles), listed(newestFirst));
  assert.deepEqual(listed([...articles].reverse()), listed(newestFirst));
});
