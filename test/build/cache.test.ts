import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from '../../src/build/build.js';
import { fixedClock } from '../../src/clock.js';
import { DEFAULT_CONFIG_FILE, loadConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG_NAME } from '../../src/cache/quick-check.js';
import type { Article } from '../../src/content/article.js';
import { renderArticleHtml } from '../../src/markdown/render.js';
import { FILES, NOW, SITE, hashTree, writeCorpus } from './seed-corpus.js';
import { cli } from './run.js';

const cleanups: string[] = [];
test.after(() => {
  for (const dir of cleanups) fs.rmSync(dir, { recursive: true, force: true });
});

// Articles beyond the shared corpus: no summary (an excerpt, computed lazily and
// cached), and one with <!--more-->.
const EXTRA: Record<string, string> = {
  'excerpt-only.md': `---
title: 没有摘要的文章
date: 2025-06-14T09:00:00+08:00
tags: ["AI竞赛", "数据"]
main_topics: ["人工智能战略投资"]
---

这是一篇没有摘要的文章，摘要要从正文里截取[^1]。第二句话在这里，**粗体**也在。

### 小标题

更多内容。

[^1]: 脚注。
`,
  'more-marker.md': `---
title: More marker
date: 2025-06-13T09:00:00Z
tags: ["Node.js"]
---

Above the fold.

<!--more-->

Below the fold.
`,
};

/** A corpus whose files are old enough that their stat can be trusted (see isRacy). */
async function corpus(): Promise<string> {
  const root = writeCorpus({ ...FILES, ...EXTRA });
  cleanups.push(root);
  await sleep(150);
  return root;
}

function edit(root: string, name: string, from: string | RegExp, to: string): void {
  const file = path.join(root, 'content', name);
  const text = fs.readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  assert.notEqual(next, text, `edit of ${name} changed nothing`);
  fs.writeFileSync(file, next);
}

test('with and without the cache, cold, warm and after edits, the output is byte-identical', async () => {
  const plain = await corpus();
  const cached = await corpus();
  const same = async (step: string, extra: string[] = []): Promise<string> => {
    const a = await cli(plain, 'build', '--no-cache', '--now', NOW, ...extra);
    const b = await cli(cached, 'build', '--now', NOW, ...extra);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const want = hashTree(path.join(plain, 'public'));
    assert.ok(want.size > 20, 'the build wrote its feeds');
    assert.deepEqual(hashTree(path.join(cached, 'public')), want, step);
    return b.stdout;
  };
  assert.match(await same('cold'), /^Built /);
  assert.equal(fs.existsSync(path.join(plain, '.broadsheet-cache')), false, '--no-cache writes no cache');
  assert.ok(fs.existsSync(path.join(cached, '.broadsheet-cache', 'build.v8')));
  assert.match(await same('warm, nothing changed'), /^Up to date: /);

  for (const root of [plain, cached]) {
    edit(root, 'meta-scale-ai.md', '重振其AI竞争力', '重振其AI竞争力，并引发连锁反应');
    edit(root, 'excerpt-only.md', '"数据"', '"新标签"');
    fs.rmSync(path.join(root, 'content', 'more-marker.md'));
  }
  await sleep(150);
  assert.match(await same('three articles edited or removed'), /^Built /);
  assert.match(await same('the same again'), /^Up to date: /);
  assert.match(await same('drafts included', ['--drafts']), /^Built /);

  for (const root of [plain, cached]) {
    const file = path.join(root, 'broadsheet.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('title: 纸上谈兵', 'title: 纸上谈兵周刊'));
  }
  assert.match(await same('config changed'), /^Built /);
});

test('the up-to-date check notices a changed clock, output, config or same-size edit', async () => {
  const root = await corpus();
  // A whole-second modification time can be restored exactly after an edit (below).
  const file = path.join(root, 'content', 'toml-note.md');
  fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
  await sleep(150);
  const run = async (...argv: string[]): Promise<string> => {
    const r = await cli(root, 'build', ...argv);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const feed = (): string => fs.readFileSync(path.join(root, 'public', 'feed.xml'), 'utf8');
  assert.match(await run('--now', NOW), /^Built /);
  assert.match(await run('--now', NOW), /^Up to date: /);

  // Past the future article's date it becomes published: not up to date any more.
  assert.doesNotMatch(feed(), /<title>Future<\/title>/);
  assert.match(await run('--now', '2031-01-01T00:00:00Z'), /^Built /);
  assert.match(feed(), /<title>Future<\/title>/);
  assert.match(await run('--now', '2031-01-01T00:00:00Z'), /^Up to date: /);

  // An output file removed or edited by hand is written again.
  fs.rmSync(path.join(root, 'public', 'atom.xml'));
  assert.match(await run('--now', NOW), /^Built /);
  assert.ok(fs.existsSync(path.join(root, 'public', 'atom.xml')));
  await sleep(150);
  assert.match(await run('--now', NOW), /^Up to date: /);

  // An edit that keeps the size and even the modification time is still seen.
  const before = fs.statSync(file);
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Short note.', 'Short nope.'));
  fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
  const after = fs.statSync(file);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.equal(after.size, before.size);
  await sleep(150);
  assert.match(await run('--now', NOW), /^Built /);
  assert.match(feed(), /Short nope\./);
});

test('an unchanged article is not rendered again; an edited one is, once', async () => {
  const root = await corpus();
  const config = loadConfig(undefined, {}, root);
  const renders: string[] = [];
  const render = (a: Article): string => {
    renders.push(a.slug);
    return renderArticleHtml(a, config);
  };
  const options = { clock: fixedClock(NOW), render, cache: { dir: path.join(root, '.broadsheet-cache') } };
  const first = await build(config, options);
  assert.equal(renders.length, first.rendered);
  assert.ok(first.rendered >= 4);
  const output = hashTree(path.join(root, 'public'));

  renders.length = 0;
  await build(config, options);
  assert.deepEqual(renders, [], 'a rebuild with nothing changed renders nothing');
  assert.deepEqual(hashTree(path.join(root, 'public')), output);

  edit(root, 'node-streams.md', 'Use `pipeline()`.', 'Use `pipeline()` from node:stream/promises.');
  await build(config, options);
  assert.deepEqual(renders, ['node-streams']);
  assert.match(fs.readFileSync(path.join(root, 'public', 'feed.xml'), 'utf8'), /node:stream\/promises/);
  assert.ok(fs.readFileSync(path.join(root, 'public', 'feed.xml'), 'utf8').includes(`${SITE}posts/node-streams/`));
});

test('the up-to-date check looks for the same default config file as the loader', () => {
  // quick-check.ts repeats the name so that it need not import the YAML loader.
  assert.equal(DEFAULT_CONFIG_NAME, DEFAULT_CONFIG_FILE);
});
