import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { parseRssFeed } from 'feedsmith';
import { runMain } from '../../src/cli/main.js';
import { fixedClock } from '../../src/clock.js';
import { buildSummary, counted } from '../../src/cli/build-summary.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/bin.js');
const NOW = '2025-06-16T12:00:00+08:00';

const PUBLISHED = '---\ntitle: 发布的文章\ndate: 2025-06-14T10:00:00+08:00\nsummary: 近乎**“情报”般的能力**：他们\nmain_topics: [科技]\n---\n\n近乎**“情报”般的能力**：他们。~~“作废”~~的条款。\n';
const DRAFT = '---\ntitle: Draft one\ndate: 2025-06-10T10:00:00+08:00\ndraft: true\n---\n\nNot yet.\n';
const FUTURE = '---\ntitle: Future one\ndate: 2025-07-01T10:00:00+08:00\n---\n\nLater.\n';
const EXPIRED = '---\ntitle: Expired one\ndate: 2025-01-01T10:00:00+08:00\nexpiryDate: 2025-06-01T00:00:00+08:00\n---\n\nGone.\n';

function site(t: TestContext, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-build-summary-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'content'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'content', name), text);
  fs.writeFileSync(
    path.join(dir, 'broadsheet.yaml'),
    'site:\n  title: 小报\n  url: https://news.example.org/\n  timezone: Asia/Shanghai\n  language: zh-CN\nfeeds:\n  formats: [rss]\nnewsletter:\n  from: 小报 <digest@news.example.org>\n  service_url: https://subscribe.news.example.org/\n',
  );
  return dir;
}

/** The real CLI in a child process, as an operator runs it. */
function bin(dir: string, ...argv: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: dir, encoding: 'utf8', env: { ...process.env, BROADSHEET_SECRET: '' } });
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim() };
}

test('counted and the summary: "1 feed", not "1 feeds"', () => {
  assert.equal(counted(1, 'feed'), '1 feed');
  assert.equal(counted(0, 'feed'), '0 feeds');
  assert.equal(counted(2, 'published article'), '2 published articles');
  const one = buildSummary({ feeds: 1, files: 1, articles: 1, leftOut: { drafts: 1, future: 0, expired: 0 } }, 'Built', 'into public/ in 0.01 s');
  assert.deepEqual(one.lines, ['Built 1 feed (1 file) from 1 published article into public/ in 0.01 s', 'Left out: 1 draft (--drafts includes it).']);
  assert.deepEqual(one.warnings, []);
});

test('build reports the drafts, future and expired articles it left out, with the flag that takes them in', async (t) => {
  const dir = site(t, { 'published.md': PUBLISHED, 'draft.md': DRAFT, 'future.md': FUTURE, 'future-2.md': FUTURE.replace('Future one', 'Future two'), 'expired.md': EXPIRED });
  const r = bin(dir, 'build', '--now', NOW);
  assert.equal(r.code, 0, r.err);
  const [built, left, ...rest] = r.out.split('\n');
  assert.match(built ?? '', /^Built 2 feeds \(\d+ files\) from 1 published article into public\/ in \d+\.\d\d s$/);
  assert.equal(left, 'Left out: 1 draft (--drafts includes it), 2 articles dated in the future (--future includes them), 1 expired article (expiryDate has passed).');
  assert.deepEqual(rest, []);
  assert.equal(r.err, '', 'no warning: something is published');
  // The CJK emphasis renders in the feed: no literal markers in the item's content.
  const rss = parseRssFeed(fs.readFileSync(path.join(dir, 'public', 'feed.xml'), 'utf8'));
  const item = rss.items?.[0];
  const html = String(item?.content?.encoded ?? item?.description ?? '');
  assert.match(html, /<strong>“情报”般的能力<\/strong>/);
  assert.match(html, /<del>“作废”<\/del>/);
  assert.doesNotMatch(html, /\*\*|~~/);
  assert.equal(item?.description, '近乎“情报”般的能力：他们');

  // Nothing changed: the same counts again, from the stamp.
  const again = bin(dir, 'build', '--now', NOW);
  assert.match(again.out, /^Up to date: 2 feeds \(\d+ files\) from 1 published article in public\/, nothing changed/);
  assert.equal(again.out.split('\n')[1], left);

  // With the flags they are in; the expired one never is.
  const all = bin(dir, 'build', '--now', NOW, '--drafts', '--future');
  assert.equal(all.code, 0, all.err);
  assert.match(all.out, /from 4 published articles/);
  assert.equal(all.out.split('\n')[1], 'Left out: 1 expired article (expiryDate has passed).');
});

test('build warns when nothing is published, and says why', async (t) => {
  const dir = site(t, { 'draft.md': DRAFT, 'future.md': FUTURE });
  const r = bin(dir, 'build', '--now', NOW);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Built 1 feed \(\d+ files?\) from 0 published articles/);
  assert.equal(r.err, 'warning: no article is published, so every feed is empty (left out: 1 draft (--drafts includes it), 1 article dated in the future (--future includes it)).');
  const empty = site(t, {});
  const e = bin(empty, 'build', '--now', NOW);
  assert.equal(e.code, 0, e.err);
  assert.match(e.err, /^warning: no article is published, so every feed is empty: the content folder holds no article\.$/);
});

test('digest --drafts previews drafts too; without it they stay out', async (t) => {
  const dir = site(t, { 'published.md': PUBLISHED, 'draft.md': DRAFT.replace('2025-06-10', '2025-06-15') });
  const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runMain(['digest', '--now', NOW, ...argv], { cwd: dir, env: {}, clock: fixedClock('2025-06-16T04:00:00Z'), stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const text = (): string => fs.readFileSync(path.join(dir, 'public', 'digests', 'preview', 'digest.txt'), 'utf8');
  const plain = await run();
  assert.equal(plain.code, 0, plain.err);
  assert.match(plain.out, /1 article in/);
  assert.ok(!text().includes('Draft one'));
  const drafts = await run('--drafts');
  assert.equal(drafts.code, 0, drafts.err);
  assert.match(drafts.out, /2 articles in/);
  assert.match(drafts.out, /Drafts previewed as if published: 1/);
  assert.ok(text().includes('Draft one'));
  assert.ok(text().includes('近乎“情报”般的能力：他们'), 'the summary without markers in the text twin');
});
