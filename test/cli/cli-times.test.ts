import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonFeed } from 'feedsmith';
import { runMain } from '../../src/cli/main.js';
import { fixedClock } from '../../src/clock.js';

// Three articles around midnight, 2025-06-22, in Shanghai (UTC+8):
//   evening    2025-06-21 20:00 Shanghai = 12:00Z on the 21st
//   early      2025-06-22 03:00 Shanghai = 19:00Z on the 21st
//   morning    2025-06-21 06:00 Shanghai = 22:00Z on the 20th
// `--now 2025-06-22` read in Shanghai is 16:00Z on the 21st: evening and morning are
// published, early is not yet. Read as UTC (as it used to be) early would be published.
const ARTICLES: Record<string, string> = {
  'evening.md': '---\ntitle: Evening\ndate: 2025-06-21T20:00:00+08:00\nmain_topics: [Tech]\n---\n\nBody.\n',
  'early.md': '---\ntitle: Early\ndate: 2025-06-22T03:00:00+08:00\nmain_topics: [Tech]\n---\n\nBody.\n',
  'morning.md': '---\ntitle: Morning\ndate: 2025-06-21T06:00:00+08:00\nmain_topics: [Tech]\n---\n\nBody.\n',
};

function site(t: TestContext, digest = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-cli-times-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'content'));
  for (const [name, text] of Object.entries(ARTICLES)) fs.writeFileSync(path.join(dir, 'content', name), text);
  fs.writeFileSync(
    path.join(dir, 'broadsheet.yaml'),
    `site:\n  title: Times\n  url: https://news.example.org/\n  timezone: Asia/Shanghai\n  language: en\ndigest:\n  schedule: "0 9 * * 1"\n  lookback: 30d\n${digest}newsletter:\n  from: Times <digest@news.example.org>\n  service_url: https://subscribe.news.example.org/\n`,
  );
  return dir;
}

async function cli(dir: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMain(argv, { cwd: dir, env: {}, clock: fixedClock('2030-01-01T00:00:00Z'), stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function feedTitles(dir: string): string[] {
  const feed = parseJsonFeed(JSON.parse(fs.readFileSync(path.join(dir, 'public', 'feed.json'), 'utf8')));
  return (feed.items ?? []).map((i) => String(i.title)).sort();
}

test('build --now without an offset is read in the site\'s time zone, as front matter is', async (t) => {
  const dir = site(t);
  const r = await cli(dir, 'build', '--no-cache', '--now', '2025-06-22');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(feedTitles(dir), ['Evening', 'Morning']);
  // With an offset the instant is exact: midnight UTC is 08:00 in Shanghai, after "early".
  const utc = await cli(dir, 'build', '--no-cache', '--now', '2025-06-22T00:00:00Z');
  assert.equal(utc.code, 0, utc.err);
  assert.deepEqual(feedTitles(dir), ['Early', 'Evening', 'Morning']);
  // A wall time with minutes, still in Shanghai: 03:30 is after "early" (03:00).
  assert.equal((await cli(dir, 'build', '--no-cache', '--now', '2025-06-22T03:30')).code, 0);
  assert.deepEqual(feedTitles(dir), ['Early', 'Evening', 'Morning']);
});

test('digest.timezone, when set, is the zone command-line times are read in', async (t) => {
  // Midnight in New York is 04:00Z on the 22nd: "early" (19:00Z on the 21st) is published.
  const dir = site(t, '  timezone: America/New_York\n');
  const r = await cli(dir, 'build', '--no-cache', '--now', '2025-06-22');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(feedTitles(dir), ['Early', 'Evening', 'Morning']);
  const d = await cli(dir, 'digest', '--now', '2025-06-22', '--since', '2025-06-21');
  assert.equal(d.code, 0, d.err);
  assert.match(d.out, /articles since 2025-06-21 00:00 America\/New_York \(2025-06-21T04:00:00Z\) count as new/);
});

test('digest --now and --since without an offset: read in the zone, and printed in it', async (t) => {
  const dir = site(t);
  // --since 2025-06-21 is 16:00Z on the 20th in Shanghai: "morning" (22:00Z on the 20th) is new.
  const r = await cli(dir, 'digest', '--now', '2025-06-22', '--since', '2025-06-21');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^Edition \S+: 2 articles in 1 section \(articles since 2025-06-21 00:00 Asia\/Shanghai \(2025-06-20T16:00:00Z\) count as new\)$/m);
  const text = fs.readFileSync(path.join(dir, 'public', 'digests', 'preview', 'digest.txt'), 'utf8');
  assert.ok(text.includes('Morning') && text.includes('Evening') && !text.includes('Early'), text);

  // Nothing new: the message and its hint show times in the zone, and the suggested
  // --since is that zone's day (a day that, read back, finds the newest article).
  const none = await cli(dir, 'digest', '--now', '2025-06-22', '--since', '2025-06-22');
  assert.equal(none.code, 1);
  assert.match(none.err, /No article is new for an edition at 2025-06-22 00:00 Asia\/Shanghai \(2025-06-21T16:00:00Z\)/);
  assert.match(none.err, /newest published article is dated 2025-06-21 20:00 Asia\/Shanghai \(2025-06-21T12:00:00Z\)\. Pass --since \(e\.g\. --since 2025-06-21\)/);
  assert.doesNotMatch(none.err, /T\d\d:\d\d:\d\d\.\d{3}Z/, 'no bare UTC instants');
});

test('status --now without an offset, and its times, in the zone', async (t) => {
  const dir = site(t);
  const r = await cli(dir, 'status', '--now', '2025-06-22T08:59');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Next scheduled time: 2025-06-23 09:00 Asia\/Shanghai \(2025-06-23T01:00:00Z\)/);
  const json = JSON.parse((await cli(dir, 'status', '--json', '--now', '2025-06-22T08:59')).out) as { now: string; timezone: string };
  assert.equal(json.now, '2025-06-22T00:59:00.000Z');
  assert.equal(json.timezone, 'Asia/Shanghai');
});

test('a time that is not ISO 8601 is a usage error naming the zone it would be read in', async (t) => {
  const dir = site(t);
  for (const argv of [['build', '--now', 'next monday'], ['digest', '--since', '2025-02-30'], ['send', '--now', '22/06/2025']]) {
    const r = await cli(dir, ...argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, /is not an ISO 8601 date or date-time/);
  }
  for (const command of ['digest', 'build']) {
    const r = await cli(dir, command, '--now', 'soon');
    assert.match(r.err, /read in Asia\/Shanghai/, command);
  }
});
