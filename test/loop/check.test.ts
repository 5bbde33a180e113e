import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { packageRoot } from '../../src/paths.js';
import { runBin, snapshot } from './run-cli.js';

interface JsonProblem {
  file: string | null;
  line: number | null;
  column: number | null;
  field: string | null;
  code: string;
  message: string;
  hint: string | null;
}
const KEYS = ['code', 'column', 'field', 'file', 'hint', 'line', 'message'];

function site(t: { after(fn: () => void): void }, config: string, articles: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-check-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'broadsheet.yaml'), config);
  fs.mkdirSync(path.join(dir, 'content'));
  for (const [name, text] of Object.entries(articles)) fs.writeFileSync(path.join(dir, 'content', name), text);
  return dir;
}

const GOOD_CONFIG = `site:
  title: Check Weekly
  url: https://news.example.org/
  timezone: Asia/Shanghai
newsletter:
  from: Check Weekly <digest@news.example.org>
  service_url: https://subscribe.news.example.org/
`;
const GOOD_ARTICLE = '---\ntitle: Fine\ndate: 2026-11-20T10:00:00+08:00\ntopics: [Tech]\n---\n\nAll good.\n';

function checkJson(dir: string, ...extra: string[]): { code: number; problems: JsonProblem[]; err: string } {
  const r = runBin(dir, ['check', '--json', '--now', '2026-11-23T02:00:00Z', ...extra]);
  const parsed = JSON.parse(r.out) as { problems: JsonProblem[] };
  for (const p of parsed.problems) assert.deepEqual(Object.keys(p).sort(), KEYS, 'every problem has every key');
  return { code: r.code, problems: parsed.problems, err: r.err };
}

test('check --json on a clean publication: no problems, exit 0, nothing written', (t) => {
  const dir = site(t, GOOD_CONFIG, { 'fine.md': GOOD_ARTICLE });
  const before = snapshot(dir);
  const r = checkJson(dir);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(snapshot(dir), before, 'check wrote or changed a file (cache, public/, store)');
  const plain = runBin(dir, ['check']);
  assert.equal(plain.code, 0);
  assert.match(plain.out, /No problems \(checked config, 1 article, templates\)/);
});

test('every config problem at once, each with its line and field, and a suggestion for a misspelt key', (t) => {
  const dir = site(t, 'site:\n  title: X\n  url: not-a-url\n  timezon: Asia/Shanghai\nfeeds:\n  limit: -3\n', {});
  const r = checkJson(dir);
  assert.equal(r.code, 1);
  const byField = new Map(r.problems.map((p) => [p.field ?? p.message, p]));
  const url = r.problems.find((p) => p.message.startsWith('site.url'));
  assert.equal(url?.line, 3);
  assert.equal(url?.file, 'broadsheet.yaml');
  const limit = r.problems.find((p) => p.message.startsWith('feeds.limit'));
  assert.equal(limit?.line, 6);
  const key = r.problems.find((p) => p.message.includes('timezon'));
  assert.equal(key?.line, 4, JSON.stringify([...byField.keys()]));
  assert.match(key?.hint ?? '', /site\.timezone/);
  assert.equal(key?.field, 'site.timezon');
  assert.equal(url?.field, 'site.url');
  assert.equal(r.problems.length, 3);
});

test('every article problem and a strict-MJML template problem together, with file and line, writing nothing', (t) => {
  const dir = site(t, `${GOOD_CONFIG}digest:\n  templates: my-templates\n`, {
    'fine.md': GOOD_ARTICLE,
    'bad-date.md': '---\ntitle: Bad date\ndate: someday\n---\n\nText.\n',
    'no-title.md': '---\ndate: 2026-11-20\nsummary: x\n---\n\nText.\n',
    'bad-yaml.md': '---\ntitle: [unclosed\ndate: 2026-11-20\n---\n\nText.\n',
  });
  const shipped = fs.readFileSync(path.join(packageRoot, 'templates', 'digest.mjml'), 'utf8');
  fs.mkdirSync(path.join(dir, 'my-templates'));
  // An attribute mj-body does not have: strict validation refuses it, soft would render.
  fs.writeFileSync(path.join(dir, 'my-templates', 'digest.mjml'), shipped.replace('<mj-body ', '<mj-body not-an-attribute="1" '));
  const before = snapshot(dir);
  const r = checkJson(dir);
  assert.equal(r.code, 1);
  const files = new Set(r.problems.map((p) => p.file));
  for (const f of ['content/bad-date.md', 'content/no-title.md', 'content/bad-yaml.md']) assert.ok(files.has(f), `no problem for ${f}: ${JSON.stringify(r.problems, null, 1)}`);
  const date = r.problems.find((p) => p.file === 'content/bad-date.md');
  assert.equal(date?.line, 3);
  assert.ok(r.problems.every((p) => !p.file?.startsWith('content/') || (typeof p.line === 'number' && p.line > 0)), 'every article problem has a line');
  const mjml = r.problems.find((p) => p.code === 'MjmlInvalid');
  assert.ok(mjml, `no MJML problem: ${JSON.stringify(r.problems)}`);
  assert.match(mjml.message, /not-an-attribute/);
  assert.match(mjml.file ?? '', /my-templates[/\\]digest\.mjml$/);
  assert.deepEqual(snapshot(dir), before);
});

test('a store: checked read-only when sound; a newer schema and a corrupt file are problems', (t) => {
  const dir = site(t, GOOD_CONFIG, { 'fine.md': GOOD_ARTICLE });
  const add = runBin(dir, ['subscribers', 'add', 'reader@example.org', '--confirmed']);
  assert.equal(add.code, 0, add.err);
  const before = snapshot(dir);
  const ok = checkJson(dir);
  assert.equal(ok.code, 0, JSON.stringify(ok.problems));
  assert.deepEqual(snapshot(dir), before, 'checking the store changed it');
  assert.match(runBin(dir, ['check']).out, /store/);

  const file = path.join(dir, 'state', 'broadsheet.db');
  const db = new Database(file);
  db.pragma('user_version = 999');
  db.close();
  const newer = checkJson(dir);
  assert.equal(newer.code, 1);
  assert.deepEqual(newer.problems.map((p) => p.code), ['StoreTooNew']);

  fs.writeFileSync(file, Buffer.alloc(8192, 7));
  const corrupt = checkJson(dir);
  assert.equal(corrupt.code, 1);
  assert.equal(corrupt.problems[0]?.code, 'StoreUnreadable');
  assert.equal(corrupt.problems[0]?.file, path.join('state', 'broadsheet.db'));
});

test('a damaged page inside a real store fails PRAGMA quick_check', (t) => {
  const dir = site(t, GOOD_CONFIG, { 'fine.md': GOOD_ARTICLE });
  const file = path.join(dir, 'state', 'broadsheet.db');
  fs.mkdirSync(path.dirname(file));
  const db = new Database(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t (v);');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  for (let i = 0; i < 2000; i++) insert.run(`value-${i}-${'x'.repeat(50)}`);
  db.pragma('user_version = 1');
  db.close();
  // Scribble over the middle of the file: table and index pages no longer agree.
  const bytes = fs.readFileSync(file);
  bytes.fill(0x41, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 4096 * 3);
  fs.writeFileSync(file, bytes);
  const r = checkJson(dir);
  assert.equal(r.code, 1);
  assert.ok(r.problems.some((p) => p.code === 'StoreCorrupt' || p.code === 'StoreUnreadable'), JSON.stringify(r.problems));
});
