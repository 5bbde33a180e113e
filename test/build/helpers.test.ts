import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BuildHelpers, guessContentDir, holdsAtLeast, PARALLEL_MIN } from '../../src/build/helpers.js';
import { renderFile, renderFiles } from '../../src/build/render-files.js';
import { loadContent, SHARE_MIN, type Shared, type SharedResult, type ShareJob } from '../../src/content/load-content.js';
import { BroadsheetError } from '../../src/errors.js';
import { renderArticleHtml } from '../../src/markdown/render.js';
import { loadConfig } from '../../src/config/load.js';
import { tempDir, testConfig, writeFiles } from '../content/helpers.js';

const now = new Date('2026-11-28T00:00:00Z');

function article(i: number): string {
  const summary = i % 3 === 0 ? `summary: "第${i}篇的摘要，**重点**。"\n` : '';
  return `---\ntitle: "文章 ${i}：AI/ML 与 C++"\ndate: 2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00+08:00\n${summary}tags: ["标签 ${i % 17}", "C++"]\nmain_topics: 芯片与算力\n---\n\n### 小标题 ${i}\n\n第${i}段，**粗体**和[链接](../post-${i + 1}/)[^1]。\n\n<blockquote>\n引用[^1]\n</blockquote>\n\n- a\n- b\n\n[^1]: 脚注 ${i}。\n`;
}

function corpus(dir: string, n: number, extra: Record<string, string | Uint8Array> = {}): void {
  writeFiles(dir, { ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`posts/post-${String(i).padStart(4, '0')}.md`, article(i)])), ...extra });
}

/**
 * `shared` once a helper has claimed its first file. This thread, warm from the load
 * before, reads a few hundred small files faster than a helper answers a message on a
 * busy machine; waiting here makes sure the helper's part is really exercised.
 */
function started(shared: Shared): Shared {
  claimed(shared.counter);
  return shared;
}

/**
 * `shared` once the helper's first batch has arrived (waiting up to 10 s), so this
 * thread surely has some of its work to take in between its own files; that batch is
 * handed on by the next `take`, or by `done` if loadContent never asks. `taken`
 * hears how many results each `take` handed on.
 */
function afterFirstBatch(shared: Shared, taken: (n: number) => void = () => undefined): { shared: Shared; first: number } {
  const take = shared.take;
  assert.ok(take, 'the helpers offer no way to take their work in early');
  let stash: Array<[number, SharedResult]> = [];
  const deadline = Date.now() + 10_000;
  while (stash.length === 0 && Date.now() < deadline) stash = take();
  const first = stash.length;
  const unstash = (): Array<[number, SharedResult]> => {
    const got = stash;
    stash = [];
    return got;
  };
  const counted = (): Array<[number, SharedResult]> => {
    const got = [...unstash(), ...take()];
    taken(got.length);
    return got;
  };
  return { shared: { ...shared, take: counted, done: shared.done.then((rest) => [...unstash(), ...rest]) }, first };
}

/** Waits (up to 10 s) until a file was claimed from `counter`. */
function claimed(counter: SharedArrayBuffer): void {
  const claims = new Int32Array(counter);
  const deadline = Date.now() + 10_000;
  while (Atomics.load(claims, 0) === 0 && Date.now() < deadline) {
    // Busy wait: the helper claims from its own thread.
  }
}

/**
 * `helpers`, with a render job that returns only once a helper has claimed an article:
 * otherwise, on a busy machine, this thread can render them all before a helper even
 * reads its message, and the helpers' part would go untested.
 */
function rendering(helpers: BuildHelpers): BuildHelpers {
  const waiting = Object.create(helpers) as BuildHelpers;
  waiting.render = (items, flags, config) => {
    const others = helpers.render(items, flags, config);
    const claims = new Int32Array(flags);
    const deadline = Date.now() + 10_000;
    while (!claims.some((_, i) => Atomics.load(claims, i) !== 0) && Date.now() < deadline) {
      // Busy wait: the helpers claim from their own threads.
    }
    return others;
  };
  return waiting;
}

/** What loadContent gives, as plain data: every field, the lazy body and summary read. */
function plain(articles: ReadonlyArray<object>): unknown[] {
  return articles.map((a) => JSON.parse(JSON.stringify(a)) as unknown);
}

test('helper threads parse files to exactly what this thread parses, problems and order included', async (t) => {
  const dir = tempDir(t);
  corpus(dir, SHARE_MIN + 200, {
    'bad/no-title.md': '---\ndate: 2025-01-01\n---\nx',
    'bad/bad-date.md': '---\ntitle: T\ndate: someday\n---\nx',
    'bad/latin1.md': Buffer.from('---\ntitle: caf\xe9\ndate: 2025-01-01\n---\n', 'latin1'),
  });
  const config = { ...testConfig(), contentDir: dir };
  const alone = await loadContent(config, { now }).catch((e: unknown) => e);
  const helpers = BuildHelpers.start(2);
  t.after(() => helpers.close());
  // Give the helper time to start, so it surely claims files.
  await sleep(300);
  const shared = await loadContent(config, { now, share: (job) => started(helpers.parse(job, config)) }).catch((e: unknown) => e);
  assert.ok(helpers.handled > 0, 'the helper parsed no file');
  assert.ok(alone instanceof BroadsheetError && shared instanceof BroadsheetError);
  assert.deepEqual(shared.problems, alone.problems);
  assert.deepEqual(
    alone.problems.map((p) => `${path.basename(p.file ?? '')}:${p.line} ${p.code}`),
    ['bad-date.md:3 FrontMatterInvalid', 'latin1.md:2 ContentNotUtf8', 'no-title.md:1 FrontMatterMissingField'],
  );

  // Without the bad files: the same articles, newest first, bodies and summaries intact.
  writeFiles(dir, {});
  const good = { ...config, contentDir: path.join(dir, 'posts') };
  const before = helpers.handled;
  const one = await loadContent(good, { now });
  // Small batches, so this thread surely takes some of the helper's work in between its own files.
  let taken = 0;
  const share = (job: ShareJob): Shared => afterFirstBatch(started(helpers.parse(job, good, 8)), (n) => (taken += n)).shared;
  const two = await loadContent(good, { now, share });
  assert.ok(helpers.handled > before, 'the helper parsed no file');
  assert.ok(taken > 0, 'no batch was taken in while this thread read its own files');
  assert.equal(two.published.length, SHARE_MIN + 200);
  assert.deepEqual(plain(two.published), plain(one.published));
  assert.match(two.published.find((a) => a.slug === 'post-0003')?.summary ?? '', /^第3篇的摘要，重点。$/);

  // After parsing, the helper renders its newest articles ahead; a render job takes
  // those first. Every result is still exactly this thread's rendering.
  await sleep(300);
  const ahead = helpers.handled;
  const rendered = await renderFiles(two.published, good.contentDir, good, rendering(helpers));
  assert.ok(helpers.handled - ahead > 0, 'the helper rendered nothing');
  const fresh = await loadContent(good, { now });
  for (const [i, a] of fresh.published.entries()) {
    assert.equal(rendered[i]?.html, renderArticleHtml(a, good), a.slug);
    assert.equal(rendered[i]?.summary, a.summary, a.slug);
  }
});

test('a helper that ends half-way through parsing leaves its other files to this thread', async (t) => {
  const dir = tempDir(t);
  corpus(dir, SHARE_MIN + 300);
  const config = { ...testConfig(), contentDir: path.join(dir, 'posts') };
  const alone = await loadContent(config, { now });
  const helpers = BuildHelpers.start(2);
  t.after(() => helpers.close());
  await sleep(300);
  // The helper is ended as soon as its first batch is in: the files it had claimed
  // since, and any batch still on its way, are this thread's to read again.
  let first = 0;
  let claimedWhenEnded = 0;
  const share = (job: ShareJob): Shared => {
    const waited = afterFirstBatch(started(helpers.parse(job, config, 8)));
    helpers.close();
    first = waited.first;
    claimedWhenEnded = Atomics.load(new Int32Array(waited.shared.counter), 0);
    return waited.shared;
  };
  const shared = await loadContent(config, { now, share });
  assert.ok(first > 0, 'the helper never delivered a batch before it was ended');
  assert.ok(claimedWhenEnded < SHARE_MIN + 300, 'the helper had claimed every file before it was ended');
  assert.equal(shared.published.length, SHARE_MIN + 300);
  assert.deepEqual(plain(shared.published), plain(alone.published));
});

test('helper threads render files to exactly what this thread renders, summaries included', async (t) => {
  const dir = tempDir(t);
  const n = PARALLEL_MIN + 700;
  corpus(dir, n);
  const config = { ...testConfig(), contentDir: dir };
  const { published } = await loadContent(config, { now });
  const helpers = BuildHelpers.start(3);
  t.after(() => helpers.close());
  await sleep(300);
  const done = await renderFiles(published, dir, config, rendering(helpers));
  assert.ok(helpers.handled > 0, 'no helper rendered anything');
  assert.equal(done.length, n);
  for (const [i, a] of published.entries()) {
    assert.equal(done[i]?.html, renderArticleHtml(a, config), a.slug);
    assert.equal(done[i]?.summary, a.summary, a.slug);
  }
  assert.match(done[0]?.html ?? '', /<blockquote>[\s\S]*#fn-post-\d{4}-1"/);
});

test('a file that changed after it was parsed is never rendered from its new bytes', async (t) => {
  const dir = tempDir(t);
  corpus(dir, 1);
  const config = { ...testConfig(), contentDir: dir };
  const [a] = (await loadContent(config, { now })).published;
  assert.ok(a);
  writeFiles(dir, { [a.sourcePath]: article(1) });
  assert.throws(
    () => renderFile({ rel: a.sourcePath, abs: path.join(dir, a.sourcePath), hash: a.hash, url: a.url, slug: a.slug }, config),
    (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'ContentChanged',
  );
});

test('the command guesses a large content folder before parsing the config', (t) => {
  const dir = tempDir(t);
  writeFiles(dir, { 'a/1.md': '', 'a/2.md': '', 'b/c/3.md': '', '.git/x': '', '.hidden.md': '' });
  assert.equal(holdsAtLeast(dir, 3), true);
  assert.equal(holdsAtLeast(dir, 4), false, 'dot entries do not count');
  assert.equal(holdsAtLeast(path.join(dir, 'missing'), 1), false);
  const config = path.join(dir, 'site', 'broadsheet.yaml');
  assert.equal(guessContentDir(config, 'site:\n  title: x\n'), path.join(dir, 'site', 'content'));
  assert.equal(guessContentDir(config, 'content: ../posts # where the articles are\n'), path.join(dir, 'posts'));
  assert.equal(guessContentDir(config, "content: 'my posts'\n"), path.join(dir, 'site', 'my posts'));
  assert.equal(guessContentDir(config, 'site:\n  content: nested\n'), path.join(dir, 'site', 'content'), 'only a top-level key');
});

test('an early start loads the config on the helper; its files count only if the list is the same', async (t) => {
  const dir = tempDir(t);
  corpus(path.join(dir, 'content'), SHARE_MIN + 100);
  writeFiles(dir, { 'broadsheet.yaml': 'site:\n  title: T\n  url: https://news.example.org/\n  timezone: Asia/Shanghai\n  language: zh-CN\n' });
  const config = loadConfig(undefined, {}, dir);
  const alone = await loadContent(config, { now });

  const same = BuildHelpers.start(2);
  t.after(() => same.close());
  same.parseEarly({ configFile: undefined, overrides: {}, cwd: dir });
  // Waiting for its first claim, not a fixed time: on a busy machine the helper can
  // take longer than any sleep to load its parsers.
  const joined = await loadContent(config, { now, share: (job) => started(same.parse(job, config)) });
  assert.ok(same.handled > 0, 'the early helper parsed no file');
  assert.deepEqual(plain(joined.published), plain(alone.published));

  // A file added after the helper listed the folder: its indexes mean other files.
  const other = BuildHelpers.start(2);
  t.after(() => other.close());
  const listed = other.parseEarly({ configFile: undefined, overrides: {}, cwd: dir });
  assert.ok(listed, 'no early job started');
  // The helper has listed the folder once it claims its first file.
  claimed(listed);
  writeFiles(dir, { 'content/posts/aaa-new.md': article(9999) });
  const changed = await loadContent(config, { now, share: (job) => other.parse(job, config) });
  assert.equal(other.handled, 0, 'work on another file list was used');
  const fresh = await loadContent(config, { now });
  assert.equal(changed.published.length, SHARE_MIN + 101);
  assert.deepEqual(plain(changed.published), plain(fresh.published));
});
