import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { packResults, unpackResults } from '../../src/build/pack-results.js';
import { BuildCache } from '../../src/cache/build-cache.js';
import { scanContent } from '../../src/cache/scan.js';
import { articleFields, articleFromFields } from '../../src/content/from-file.js';
import { findMarkdownFiles, readArticle, type SharedResult } from '../../src/content/load-content.js';
import type { Article } from '../../src/content/article.js';
import { tempDir, testConfig, writeFiles } from '../content/helpers.js';

function post(i: number, withSummary: boolean): string {
  const summary = withSummary ? `summary: "第${i}篇的摘要"\n` : '';
  return `---\ntitle: "文章 ${i}"\ndate: 2025-0${1 + (i % 9)}-1${i % 10}T08:00:00+08:00\n${summary}tags: ["AI竞赛", "标签 ${i}"]\nmain_topics: 芯片与算力\n---\n\n第${i}段，**粗体**。\n\n第二段。\n`;
}

/** Every field, the lazy body and summary read. */
function plain(a: Article): unknown {
  return JSON.parse(JSON.stringify(a)) as unknown;
}

test('articles a helper encoded are saved as encoded and read back exactly; a summary computed since is kept', async (t) => {
  const dir = tempDir(t);
  const content = path.join(dir, 'content');
  writeFiles(content, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`p-${i}.md`, post(i, i % 3 === 0)])));
  const config = { ...testConfig(), contentDir: content };
  const files = findMarkdownFiles(content);
  const fresh = (rel: string): Article => {
    const a = readArticle(rel, path.join(content, rel), config, { keepBody: true }).article;
    assert.ok(a, rel);
    return a;
  };
  // What a helper sends: plain fields, packed in columns, through a structured clone.
  const sent: Array<[number, SharedResult]> = files.map((rel, i) => [i, { fields: articleFields(fresh(rel)), problems: [], slugLine: 1 }]);
  const received = unpackResults(structuredClone(packResults(sent)));
  assert.ok(received.every(([, r]) => r.encoded), 'every result carries its encoded row');

  const scan = scanContent(content);
  const cacheDir = path.join(dir, '.broadsheet-cache');
  const first = BuildCache.open(cacheDir, 'key', config, scan.files, Date.now() + 60_000);
  const hooks = first.articles;
  const articles = new Map<string, Article>();
  for (const [i, r] of received) {
    const rel = files[i] as string;
    const abs = path.join(content, rel);
    assert.equal(hooks.byStat(rel, abs), undefined, 'a cold cache has nothing');
    const article = articleFromFields(r.fields as NonNullable<SharedResult['fields']>, rel, abs, config);
    hooks.store(rel, article, r.slugLine, r.encoded);
    articles.set(rel, article);
  }
  // As prerender does for the articles of some feed: one without a summary in its front
  // matter, whose summary is now computed, must be saved with it.
  const summarised = articles.get('p-1.md');
  assert.ok(summarised);
  summarised.summary = '计算出的摘要';
  first.save();

  const second = BuildCache.open(cacheDir, 'key', config, scan.files, Date.now() + 60_000);
  for (const rel of files) {
    const hit = second.articles.byStat(rel, path.join(content, rel));
    assert.ok(hit, `${rel} was not in the saved cache`);
    const want = rel === 'p-1.md' ? { ...(plain(fresh(rel)) as object), summary: '计算出的摘要' } : plain(fresh(rel));
    assert.deepEqual(plain(hit.article), want, rel);
  }
  // The helper's rows were kept as they came: one chunk encoded at save (the summarised
  // article), one taken from the helper's batch (the other eleven).
  const stored = v8.deserialize(fs.readFileSync(path.join(cacheDir, 'build.v8'))) as { chunks: Array<{ rel: string[] }> };
  assert.deepEqual(stored.chunks.map((c) => c.rel.length), [1, 11]);
  assert.deepEqual(stored.chunks[0]?.rel, ['p-1.md']);

  // A rebuild keeps the rows it read as they are, chunk by chunk; a chunk with fewer
  // than half its rows still in use is encoded afresh instead.
  const kept = ['p-0.md', 'p-1.md', 'p-2.md', 'p-3.md', 'p-4.md'];
  const third = BuildCache.open(cacheDir, 'key', config, scan.files, Date.now() + 60_000);
  for (const rel of kept) assert.ok(third.articles.byStat(rel, path.join(content, rel)), rel);
  third.save();
  const restored = v8.deserialize(fs.readFileSync(path.join(cacheDir, 'build.v8'))) as { chunks: Array<{ rel: string[] }> };
  assert.deepEqual(
    restored.chunks.map((c) => [...c.rel].sort()),
    [['p-0.md', 'p-2.md', 'p-3.md', 'p-4.md'], ['p-1.md']],
    '4 of the 11-row chunk are encoded afresh; the 1-row chunk is kept',
  );
  const fourth = BuildCache.open(cacheDir, 'key', config, scan.files, Date.now() + 60_000);
  for (const rel of kept) {
    const hit = fourth.articles.byStat(rel, path.join(content, rel));
    assert.ok(hit, rel);
    const want = rel === 'p-1.md' ? { ...(plain(fresh(rel)) as object), summary: '计算出的摘要' } : plain(fresh(rel));
    assert.deepEqual(plain(hit.article), want, rel);
  }
  for (const rel of files.filter((f) => !kept.includes(f))) assert.equal(fourth.articles.byStat(rel, path.join(content, rel)), undefined, `${rel} should have left the cache`);
});
