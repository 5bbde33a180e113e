import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser, type AddressObject } from 'mailparser';
import { runMain } from '../../src/cli/main.js';
import { fixedClock } from '../../src/clock.js';
import { verifyToken } from '../../src/email/tokens.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { parseHtml } from './html.js';

const CONFIG = `site:
  title: 小报 Tiny Paper
  url: https://tiny.example.org/
  language: zh-CN
  timezone: Asia/Shanghai
permalink: /posts/:slug/
digest:
  schedule: "0 9 * * 1"
  other: 其他
newsletter:
  from: 小报 <news@tiny.example.org>
  reply_to: editors@tiny.example.org
  postal_address: 1 Example Road, Shanghai
  service_url: https://subscribe.tiny.example.org/
`.replace('permalink: /posts/:slug/\n', '');

const ARTICLES: Record<string, string> = {
  'chips.md': `---\ntitle: "芯片 & 出口：三条路线"\ndate: 2025-06-14T10:00:00+08:00\nsummary: "出口管制之下的 <三条> 路线。"\nmain_topics: ["半导体产业", "人工智能战略投资"]\n---\n\n正文。\n`,
  'talent.md': `---\ntitle: Talent markets\ndate: 2025-06-12T10:00:00+08:00\nsummary: Pay for researchers tripled.\nmain_topics: ["人工智能战略投资"]\n---\n\nBody.\n`,
  'notes.md': `---\ntitle: Weekly notes\ndate: 2025-06-15T10:00:00+08:00\n---\n\nNo topic here.\n`,
  'old.md': `---\ntitle: Old news\ndate: 2025-04-01T10:00:00+08:00\nmain_topics: ["半导体产业"]\n---\n\nToo old.\n`,
  'draft.md': `---\ntitle: Draft\ndate: 2025-06-15T10:00:00+08:00\ndraft: true\nmain_topics: ["半导体产业"]\n---\n\nNot yet.\n`,
};

function site(): { dir: string; config: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-digest-cmd-'));
  fs.mkdirSync(path.join(dir, 'content'));
  for (const [name, text] of Object.entries(ARTICLES)) fs.writeFileSync(path.join(dir, 'content', name), text);
  fs.writeFileSync(path.join(dir, 'broadsheet.yaml'), CONFIG);
  return { dir, config: path.join(dir, 'broadsheet.yaml') };
}

async function run(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMain(['digest', ...args], { cwd: dir, env, clock: fixedClock('2025-06-16T08:00:00Z'), stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const AT = '2025-06-16T09:00:00+08:00';

test('broadsheet digest writes digest.html, digest.txt and a complete digest.eml, changing no state', async () => {
  const { dir } = site();
  try {
    const r = await run(dir, ['--now', AT], { BROADSHEET_SECRET: 's3cret-preview-key-0123456789abcdef' });
    assert.equal(r.code, 0, r.err);
    const out = path.join(dir, 'public', 'digests', 'preview');
    assert.deepEqual(fs.readdirSync(out).sort(), ['digest.eml', 'digest.html', 'digest.txt']);
    assert.match(r.out, /Edition 2025-06-16-0900: 3 articles in 3 sections/);
    assert.match(r.out, /public\/digests\/preview\/digest\.html/);
    assert.ok(!fs.existsSync(path.join(dir, 'state')), 'no store created');

    const html = fs.readFileSync(path.join(out, 'digest.html'), 'utf8');
    const doc = parseHtml(html);
    // The chips article is shown once, under the first of its topics in digest order;
    // its other topic, 半导体产业, is left with nothing new and is not shown.
    assert.deepEqual(doc.byClass('bs-topic').map((h) => doc.text(h)), ['人工智能战略投资', '其他']);
    assert.ok(doc.byClass('bs-title').some((e) => doc.text(e) === '芯片 & 出口：三条路线'));
    assert.ok(!html.includes('Old news') && !html.includes('Draft'), 'too old and draft articles are out');

    const mail = await simpleParser(fs.readFileSync(path.join(out, 'digest.eml')));
    assert.equal(mail.subject, '小报 Tiny Paper · 2025年6月16日');
    assert.deepEqual(mail.from?.value, [{ address: 'news@tiny.example.org', name: '小报' }]);
    assert.equal((mail.to as AddressObject).value[0]?.address, 'subscriber@example.com');
    assert.equal((mail.replyTo as AddressObject).value[0]?.address, 'editors@tiny.example.org');
    assert.ok(mail.messageId?.endsWith('@tiny.example.org>'));
    assert.equal(mail.date?.toISOString(), '2025-06-16T08:00:00.000Z');
    assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
    // mailparser folds List-* headers into one object; read the header lines themselves.
    const header = (name: string): string => (mail.headerLines.find((h) => h.key === name)?.line ?? '').replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, ' ');
    assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');
    assert.match(header('list-id'), /<digest\.tiny\.example\.org>$/, 'the List-Id send writes');
    const unsubscribe = /<(https:[^>]+)>/.exec(header('list-unsubscribe'))?.[1] ?? '';
    const token = new URL(unsubscribe).searchParams.get('token') ?? '';
    assert.ok(unsubscribe.startsWith('https://subscribe.tiny.example.org/unsubscribe?token='));
    assert.ok(verifyToken('s3cret-preview-key-0123456789abcdef', token, 'unsubscribe', new Date()).ok, 'signed with BROADSHEET_SECRET');
    assert.equal(mail.html, html, 'the HTML part is digest.html');
    assert.equal(mail.text?.trim(), fs.readFileSync(path.join(out, 'digest.txt'), 'utf8').trim(), 'the text part is digest.txt');
    assert.ok(mail.text?.includes('https://tiny.example.org/'));
    assert.ok(!r.out.includes('preview key'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('digest reads held articles from an existing store without writing it; --since, --topics and --out', async () => {
  const { dir } = site();
  try {
    const storeFile = path.join(dir, 'state', 'broadsheet.db');
    const store = openSqliteStore(storeFile);
    await store.createEdition({ id: '2025-06-09-0900', scheduledAt: new Date('2025-06-09T01:00:00Z'), articleIds: ['https://tiny.example.org/talent/'] }, new Date('2025-06-09T01:00:00Z'));
    await store.close();
    const hash = (): string => createHash('sha256').update(fs.readFileSync(storeFile)).digest('hex');
    const before = hash();

    const r = await run(dir, ['--now', AT, '--out', 'preview-out']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /2 articles in 3 sections \(1 article held by earlier editions left out\)/);
    assert.match(r.out, /preview key/, 'says the links are signed with the preview key');
    const html = fs.readFileSync(path.join(dir, 'preview-out', 'digest.html'), 'utf8');
    assert.ok(!html.includes('Talent markets'), 'held article left out');
    assert.equal(hash(), before, 'the store is unchanged');

    const since = await run(dir, ['--now', AT, '--since', '2025-01-01T00:00:00Z', '--topics', '半导体产业', '--out', 'since-out']);
    assert.equal(since.code, 0, since.err);
    const text = fs.readFileSync(path.join(dir, 'since-out', 'digest.txt'), 'utf8');
    assert.ok(text.includes('Old news'), '--since lifts the look-back and the held set');
    assert.ok(!text.includes('Talent markets'), '--topics cuts to the chosen topic');
    // The section list is the whole edition; a line says what the --topics subscriber gets.
    assert.match(since.out, /^Previewed for a subscriber to 半导体产业: \d+ articles? in 半导体产业$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('digest exits 1 with a clear message when there is nothing to send', async () => {
  const { dir } = site();
  try {
    const late = await run(dir, ['--now', '2026-01-05T09:00:00+08:00']);
    assert.equal(late.code, 1);
    assert.match(late.err, /No article is new .*\[NothingToSend\]/);
    assert.match(late.err, /hint: .*--since/);
    const topics = await run(dir, ['--now', AT, '--topics', 'Rust']);
    assert.equal(topics.code, 1);
    assert.match(topics.err, /no section for the topics "Rust"/);
    assert.ok(!fs.existsSync(path.join(dir, 'public')), 'nothing written');
    const bad = await run(dir, ['--now', 'yesterday']);
    assert.equal(bad.code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
