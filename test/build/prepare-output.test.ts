import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from '../../src/build/build.js';
import { BuildHelpers, PARALLEL_MIN } from '../../src/build/helpers.js';
import { outputPaths, planOutputs } from '../../src/build/outputs.js';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import type { BroadsheetError } from '../../src/errors.js';
import { loadContent } from '../../src/content/load-content.js';
import { buildTaxonomy } from '../../src/content/taxonomy.js';
import { planFeeds } from '../../src/feeds/plan-feeds.js';
import { renderArticleHtml } from '../../src/markdown/render.js';
import { NOW, hashTree, writeCorpus } from './seed-corpus.js';

test('the paths planned before rendering are exactly the files planOutputs yields, in its order', async (t) => {
  const root = writeCorpus();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const base = loadConfig(undefined, {}, root);
  const { published } = await loadContent(base, { now: new Date(NOW) });
  const { taxonomy } = buildTaxonomy(published, base);
  const variants: Array<Partial<Config['feeds']>> = [{}, { formats: ['json'] }, { formats: ['atom', 'rss'], tags: false }, { formats: ['rss'], topics: false, tags: false }];
  const counts: number[] = [];
  for (const feeds of variants) {
    const config = { ...base, feeds: { ...base.feeds, ...feeds } };
    const plans = planFeeds(config, published, taxonomy);
    const planned = outputPaths(config, plans);
    const yielded = [...planOutputs({ config, published, taxonomy, render: () => '<p>x</p>', version: '0.0.0' }).files].map((f) => f.path);
    assert.deepEqual(planned, yielded, JSON.stringify(feeds));
    counts.push(planned.length);
  }
  // Topics and tags give feeds of their own; JSON alone has no stylesheet.
  const [all, json, noTags, siteOnly] = counts as [number, number, number, number];
  assert.ok(all > 3 * 6, `only ${all} files`);
  assert.equal(json, (all - 3) / 3 + 2);
  assert.ok(noTags < all && siteOnly === 1 + 3);
});

const TOPICS = ['人工智能战略投资', '芯片与算力', 'Developer Tools'];

/** A site whose feeds show more than PARALLEL_MIN articles: one tag of 20 each, 20 a feed. */
function largeSite(): { root: string; n: number } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-prepare-'));
  const n = PARALLEL_MIN + 60;
  fs.writeFileSync(path.join(root, 'broadsheet.yaml'), 'site:\n  title: 预先创建\n  url: https://prep.example.org/\n  language: zh-CN\nfeeds:\n  limit: 20\n');
  fs.mkdirSync(path.join(root, 'content'));
  for (let i = 0; i < n; i++) {
    const date = `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00+08:00`;
    fs.writeFileSync(
      path.join(root, 'content', `post-${i}.md`),
      `---\ntitle: "文章 ${i}"\ndate: ${date}\ntags: ["标签 ${Math.floor(i / 20)}"]\nmain_topics: ["${TOPICS[i % TOPICS.length]}"]\n---\n\n第${i}段，**粗体**[^1]。\n\n### 小标题\n\n- 一\n\n[^1]: 脚注${i}。\n`,
    );
  }
  return { root, n };
}

/** Files below `dir` and their sizes, `/`-separated and sorted. */
function sizes(dir: string): Array<[string, number]> {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e): [string, number] => {
      const full = path.join(e.parentPath, e.name);
      return [path.relative(dir, full).split(path.sep).join('/'), fs.statSync(full).size];
    })
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

test('a build with a helper creates every output file while it renders, and removes them if it then fails', async (t) => {
  const { root } = largeSite();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const config = loadConfig(undefined, {}, root);
  const clock = fixedClock(NOW);
  const staging = `${config.outputDir}.staging-${process.pid}`;
  // An empty cache folder: a cold build, which takes the helper it is given.
  let builds = 0;
  const cache = () => ({ dir: path.join(root, `cache-${++builds}`) });
  let seen: Array<[string, number]> = [];
  const look = (fail: boolean) => (phase: string) => {
    if (phase !== 'render') return;
    seen = sizes(staging);
    if (fail) throw new Error('stopped after rendering');
  };

  // The previous output stays as it was when the build fails after the prepare step.
  fs.mkdirSync(config.outputDir);
  fs.writeFileSync(path.join(config.outputDir, 'feed.xml'), 'old feed');
  await assert.rejects(build(config, { clock, cache: cache(), helpers: BuildHelpers.start(2), timings: look(true) }), /stopped after rendering/);
  assert.ok(seen.length > 3 * 20, `only ${seen.length} files were made while rendering`);
  assert.ok(seen.every(([, size]) => size === 0));
  assert.equal(fs.existsSync(staging), false, 'the staging folder was left behind');
  assert.deepEqual([...hashTree(config.outputDir).keys()], ['feed.xml']);
  assert.equal(fs.readFileSync(path.join(config.outputDir, 'feed.xml'), 'utf8'), 'old feed');

  // The same build through: every prepared file is written, nothing else is, and the
  // bytes are those of a build on this thread alone (no helper, no prepare step).
  seen = [];
  const result = await build(config, { clock, cache: cache(), helpers: BuildHelpers.start(2), timings: look(false) });
  assert.ok(result.rendered >= PARALLEL_MIN, `only ${result.rendered} articles rendered: the helper had no job`);
  assert.deepEqual(seen.map(([p]) => p), [...result.files].sort());
  assert.deepEqual(sizes(config.outputDir).map(([p]) => p), seen.map(([p]) => p));
  assert.equal(fs.existsSync(staging), false);
  const alone = { ...config, outputDir: path.join(root, 'alone') };
  await build(alone, { clock, render: (a) => renderArticleHtml(a, config) });
  assert.deepEqual(hashTree(config.outputDir), hashTree(alone.outputDir));
});

test('a large build whose output folder cannot be made fails in the prepare step, for people', async (t) => {
  const { root } = largeSite();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.writeFileSync(path.join(root, 'a-file'), '');
  const config = { ...loadConfig(undefined, {}, root), outputDir: path.join(root, 'a-file', 'public') };
  const phases: string[] = [];
  const run = build(config, { clock: fixedClock(NOW), cache: { dir: path.join(root, 'cache') }, helpers: BuildHelpers.start(2), timings: (p) => phases.push(p) });
  await assert.rejects(run, (err: BroadsheetError) => err.problems[0]?.code === 'OutputWriteFailed' && /\(ENOTDIR\)/.test(err.message));
  // It stopped while rendering: the staging folder is made before this thread renders.
  assert.deepEqual(phases, ['scan', 'load', 'plan']);
});
