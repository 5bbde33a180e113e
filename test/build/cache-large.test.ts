import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from '../../src/build/build.js';
import { PARALLEL_MIN } from '../../src/build/helpers.js';
import { fixedClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load.js';
import { renderArticleHtml } from '../../src/markdown/render.js';
import { cli } from './run.js';
import { hashTree } from './seed-corpus.js';

const NOW = fixedClock('2026-01-01T00:00:00Z');
const TAGS = ['AI竞赛', 'C++', 'AI/ML', 'Node.js', '数据', '芯片', 'Rust', 'Web 3.0'];
const TOPICS = ['人工智能战略投资', '芯片与算力', 'Developer Tools'];

/** Enough articles that rendering goes to helper threads; some without a summary. */
function site(n: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-cache-large-'));
  fs.writeFileSync(
    path.join(root, 'broadsheet.yaml'),
    'site:\n  title: 大量文章\n  url: https://big.example.org/\n  language: zh-CN\n  timezone: Asia/Shanghai\nfeeds:\n  limit: 40\n',
  );
  fs.mkdirSync(path.join(root, 'content'));
  for (let i = 0; i < n; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + ((i * 7) % 12)).padStart(2, '0');
    // Many small tags, so most articles are in some feed and get rendered.
    const tags = [TAGS[i % TAGS.length], `标签 ${i % 37}`].map((t) => `  - "${t}"`).join('\n');
    const summary = i % 4 === 0 ? '' : `summary: "第${i}篇的摘要，**重点**。"\n`;
    fs.writeFileSync(
      path.join(root, 'content', `post-${i}.md`),
      `---\ntitle: "文章 ${i}：AI/ML 与 C++"\ndate: 2025-${month}-${day}T${String(i % 24).padStart(2, '0')}:00:00+08:00\n${summary}tags:\n${tags}\nmain_topics: ["${TOPICS[i % TOPICS.length]}"]\n---\n\n> 导语${i}。\n\n第一段，**粗体**[^1]，[链接](../post-${(i + 1) % n}/)。\n\n### 小标题\n\n- 一\n- 二\n\n<blockquote>\n引用[^1]\n</blockquote>\n\n[^1]: 脚注${i}。\n`,
    );
  }
  return root;
}

test('a large site: parallel, sequential, cached and re-cached builds write the same bytes', async () => {
  const root = site(PARALLEL_MIN + 80);
  try {
    await sleep(150);
    const config = loadConfig(undefined, {}, root);
    const out = (name: string) => ({ ...config, outputDir: path.join(root, name) });
    // Sequential: a custom render turns parallel rendering off.
    const sequential = await build(out('seq'), { clock: NOW, render: (a) => renderArticleHtml(a, config) });
    assert.ok(sequential.rendered >= PARALLEL_MIN, `only ${sequential.rendered} articles rendered; parallel rendering was not exercised`);
    const want = hashTree(path.join(root, 'seq'));
    await build(out('par'), { clock: NOW });
    assert.deepEqual(hashTree(path.join(root, 'par')), want, 'parallel rendering');
    const cache = { dir: path.join(root, '.broadsheet-cache') };
    await build(out('cached'), { clock: NOW, cache });
    assert.deepEqual(hashTree(path.join(root, 'cached')), want, 'cold cache');
    await build(out('cached'), { clock: NOW, cache });
    assert.deepEqual(hashTree(path.join(root, 'cached')), want, 'warm cache, feeds linked from the previous output');
    await build(out('fresh'), { clock: NOW, cache });
    assert.deepEqual(hashTree(path.join(root, 'fresh')), want, 'warm cache, new output folder');
    // The command's first build starts its helpers before it parses the config.
    fs.rmSync(cache.dir, { recursive: true, force: true });
    const cold = await cli(root, 'build', '--out', 'cli', '--now', '2026-01-01T00:00:00Z', '--timings');
    assert.equal(cold.code, 0, cold.stderr);
    assert.deepEqual(hashTree(path.join(root, 'cli')), want, 'command, cold');
    assert.deepEqual(cold.stderr.split('\n').map((l) => l.split(/\s+/)[0]), ['startup', 'scan', 'load', 'plan', 'render', 'write', 'cache']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
