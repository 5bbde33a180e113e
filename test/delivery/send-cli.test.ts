import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { checkMessage } from './check-message.js';
import { startFaultServer, maxPerSecond, type FaultServer } from './fault-smtp.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/bin.js');
const NOW = '2025-06-16T09:00:00+08:00';
const SECRET = 'cli-test-secret-0123456789abcdefghij';
const CONCURRENCY = 5;

/** Articles: three in the edition (two topics and one without), one too old to be in it. */
const ARTICLES: Record<string, string> = {
  'ai.md': `---\ntitle: 人工智能的十个变化\ndate: 2025-06-14T10:00:00+08:00\nmain_topics: ["人工智能"]\n---\n正文 [链接](/posts/chips/)。\n`,
  'chips.md': `---\ntitle: Chips and export rules\ndate: 2025-06-13T10:00:00+08:00\nmain_topics: ["Engineering"]\n---\nBody text.\n`,
  'misc.md': `---\ntitle: 杂谈\ndate: 2025-06-12T10:00:00+08:00\n---\n没有主题的文章。\n`,
  'old.md': `---\ntitle: 旧闻\ndate: 2024-01-01T10:00:00+08:00\nmain_topics: ["旧闻"]\n---\nOld.\n`,
};
const URLS = { ai: 'https://news.example.org/posts/ai/', chips: 'https://news.example.org/posts/chips/', misc: 'https://news.example.org/posts/misc/' };

function project(subscribers: number, delivery: string): { dir: string; config: string; store: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-h4b-cli-'));
  fs.mkdirSync(path.join(dir, 'content'));
  for (const [name, text] of Object.entries(ARTICLES)) fs.writeFileSync(path.join(dir, 'content', name), text);
  const config = path.join(dir, 'broadsheet.yaml');
  fs.writeFileSync(
    config,
    [
      'site:',
      '  title: 测试周刊',
      '  url: https://news.example.org/',
      '  language: zh-CN',
      '  timezone: Asia/Shanghai',
      '  permalink: /posts/:slug/',
      'digest:',
      '  lookback: 14d',
      'newsletter:',
      '  from: 测试周刊 <digest@news.example.org>',
      '  service_url: https://subscribe.news.example.org/',
      '  list_id: weekly.news.example.org',
      `delivery:\n${delivery}`,
    ].join('\n'),
  );
  const rows = ['email,name,topics'];
  for (let i = 0; i < subscribers; i++) rows.push(`${i % 97 === 13 ? 'bounce' : 'user'}${i}@example.net,读者 ${i},${topicsOf(i).join(';')}`);
  fs.writeFileSync(path.join(dir, 'subs.csv'), `${rows.join('\n')}\n`);
  return { dir, config, store: path.join(dir, 'state', 'broadsheet.db') };
}

/** Every 4th gets everything; others one topic; every 10th only a topic with no article this time. */
function topicsOf(i: number): string[] {
  if (i % 10 === 9) return ['旧闻'];
  return [[], ['人工智能'], ['Engineering'], []][i % 4] as string[];
}

const indexOf = (address: string): number => Number(/^(?:user|bounce)(\d+)@/.exec(address)?.[1] ?? -1);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string>, onSpawn?: (kill: (s: NodeJS.Signals) => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onSpawn?.((s) => child.kill(s));
  });
}

test('done-when: 1,000 imported subscribers through transient faults and a kill -9 + rerun, each exactly once', async () => {
  const p = project(1000, `  rate: 500\n  concurrency: ${CONCURRENCY}\n  retry_delay: 0.05\n  max_attempts: 6\n  max_bounces: 1`);
  let kill: ((s: NodeJS.Signals) => void) | undefined;
  let killedAt = 0;
  const server: FaultServer = await startFaultServer({
    rcpt: (a, n) => {
      if (a.startsWith('bounce')) return { code: 550, message: '5.1.1 User unknown' };
      return indexOf(a) % 10 === 5 && n === 1 ? { code: 454, message: '4.7.0 Throttled' } : undefined;
    },
    data: (a, n) => {
      const i = indexOf(a);
      if (i % 10 === 3 && n === 1) return { code: 451, message: '4.3.0 Try later' };
      if (i % 10 === 1 && n === 1) return { code: 421, message: '4.4.2 Closing' };
      if (i % 25 === 7 && n === 1) return 'drop';
      return undefined;
    },
    onAccepted: (count) => {
      if (count === 300 && kill) {
        killedAt = count;
        kill('SIGKILL');
      }
    },
  });
  const env = { SMTP_URL: server.url, BROADSHEET_SECRET: SECRET };
  try {
    const imported = await run(['subscribers', 'import', path.join(p.dir, 'subs.csv'), '--confirmed', '--config', p.config], {});
    assert.equal(imported.code, 0, imported.stderr);

    const first = await run(['send', '--config', p.config, '--now', NOW], env, (k) => (kill = k));
    assert.equal(first.signal, 'SIGKILL', `the first run was killed mid-edition: ${first.stdout}${first.stderr}`);
    assert.equal(killedAt, 300);
    const afterKill = server.accepted.length;
    assert.ok(afterKill < 800, 'killed well before the end');

    kill = undefined;
    const second = await run(['send', '--config', p.config, '--now', NOW], env);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /Resuming unfinished edition/);
    assert.ok(!second.stdout.includes('@example.net') && !second.stderr.includes('@example.net'), 'no addresses in the output');

    // Every subscriber with something in their topics: exactly once, except at most the
    // in-flight bound (re-sent under the crash policy, with the same Message-ID).
    const expected = new Set<number>();
    for (let i = 0; i < 1000; i++) if (i % 97 !== 13 && i % 10 !== 9) expected.add(i);
    // Rejected addresses whose topics hold something this time: planned, then bounced.
    const bounces = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 97 === 13 && i % 10 !== 9).length;
    const byRecipient = new Map<string, typeof server.accepted>();
    for (const m of server.accepted) byRecipient.set(m.to, [...(byRecipient.get(m.to) ?? []), m]);
    assert.deepEqual([...byRecipient.keys()].map(indexOf).sort((a, b) => a - b), [...expected].sort((a, b) => a - b), 'exactly the expected recipients');
    const duplicated = [...byRecipient.values()].filter((ms) => ms.length > 1);
    const inFlight = Number(/(\d+) deliver(?:y was|ies were) in flight/.exec(second.stdout)?.[1] ?? 0);
    assert.ok(inFlight <= CONCURRENCY, `${inFlight} in flight exceeds the bound`);
    assert.ok(duplicated.length <= inFlight, `${duplicated.length} duplicates, ${inFlight} were in flight`);
    for (const ms of duplicated) {
      assert.equal(ms.length, 2);
      assert.equal(ms[0]?.messageId, ms[1]?.messageId, 'a re-sent message keeps its Message-ID');
    }
    const ids = new Set(server.accepted.map((m) => m.messageId));
    assert.equal(ids.size, expected.size, 'one Message-ID per delivery');

    // The ledger agrees: all sent, bounces failed and suppressed, the edition complete.
    const store = openSqliteStore(p.store, { readonly: true });
    try {
      const [edition] = await store.listEditions(1);
      assert.ok(edition?.completedAt, 'edition complete');
      assert.equal((await store.listEditions()).length, 1, 'one edition for one time');
      const counts = await store.countDeliveries(edition?.id ?? '');
      assert.deepEqual(counts, { planned: 0, sending: 0, sent: expected.size, failed: bounces });
      const bounced = await store.listSubscribers({ status: 'bounced' });
      assert.equal(bounced.length, bounces);
      assert.ok(bounced.every((s) => s.email.startsWith('bounce')));

      // Each message: restricted to the subscriber's topics; a sample gets every header check.
      const subscribers = new Map((await store.listSubscribers()).map((s) => [s.email, s]));
      const deliveries = new Map((await store.listDeliveries(edition?.id ?? '')).map((d) => [d.email, d]));
      for (const [k, m] of server.accepted.entries()) {
        const i = indexOf(m.to);
        const mail = await simpleParser(m.raw);
        const topics = topicsOf(i);
        const text = mail.text ?? '';
        assert.equal(text.includes(URLS.ai), topics.length === 0 || topics.includes('人工智能'), `${i} ai`);
        assert.equal(text.includes(URLS.chips), topics.length === 0 || topics.includes('Engineering'), `${i} chips`);
        assert.equal(text.includes(URLS.misc), topics.length === 0, `${i} other section only for all-topics subscribers`);
        if (k % 50 === 0) {
          await checkMessage(m.raw, {
            fromAddress: 'digest@news.example.org',
            to: m.to,
            subject: mail.subject ?? '',
            messageId: deliveries.get(m.to)?.messageId ?? '?',
            subscriberId: subscribers.get(m.to)?.id ?? '?',
            secret: SECRET,
            listId: 'weekly.news.example.org',
            unsubscribeBase: 'https://subscribe.news.example.org/unsubscribe',
          });
          assert.match(mail.subject ?? '', /^测试周刊/, 'Chinese subject decoded');
        }
      }
    } finally {
      await store.close();
    }
    assert.ok(maxPerSecond(server.accepted.map((m) => m.startedAt)) <= 500);
  } finally {
    await server.close();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

test('SIGTERM finishes the messages in flight and exits 75; the rerun exits 0 and nobody gets two', async () => {
  const p = project(120, `  rate: 100\n  concurrency: 3\n  retry_delay: 0.05`);
  let kill: ((s: NodeJS.Signals) => void) | undefined;
  const server = await startFaultServer({ delayMs: 20, onAccepted: (n) => n === 30 && kill?.('SIGTERM') });
  const env = { SMTP_URL: server.url.replace('smtp://', 'smtp://newsletter:hunter2secret@'), BROADSHEET_SECRET: SECRET };
  try {
    assert.equal((await run(['subscribers', 'import', path.join(p.dir, 'subs.csv'), '--confirmed', '--config', p.config], {})).code, 0);
    const first = await run(['send', '--config', p.config, '--now', NOW], env, (k) => (kill = k));
    assert.equal(first.code, 75, first.stdout + first.stderr);
    assert.match(first.stderr, /SIGTERM/);
    assert.match(first.stderr, /Run "broadsheet send" again/);
    for (const out of [first.stdout, first.stderr]) assert.ok(!out.includes('hunter2secret'), 'the SMTP password is never printed');
    assert.match(first.stdout, /newsletter:\*\*\*@127\.0\.0\.1/);
    const store = openSqliteStore(p.store, { readonly: true });
    const [edition] = await store.listEditions(1);
    const counts = await store.countDeliveries(edition?.id ?? '');
    await store.close();
    assert.equal(counts.sending, 0, 'in-flight deliveries were finished and recorded');
    assert.equal(counts.sent, server.accepted.length);
    assert.ok(counts.planned > 0);

    kill = undefined;
    const second = await run(['send', '--config', p.config, '--now', NOW], env);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    assert.ok(!second.stdout.includes('may have arrived'), 'nothing was in flight: a clean stop');
    const per = new Map<string, number>();
    for (const m of server.accepted) per.set(m.to, (per.get(m.to) ?? 0) + 1);
    assert.ok([...per.values()].every((n) => n === 1), 'exactly once after a SIGTERM');
    assert.equal(per.size, counts.sent + counts.planned);
  } finally {
    await server.close();
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});

test('a real send without BROADSHEET_SECRET is refused with a clear error; bad flags exit 2', async () => {
  const p = project(3, '  rate: 10');
  try {
    const noSecret = await run(['send', '--config', p.config, '--now', NOW], { SMTP_URL: 'smtp://u:topsecretpw@127.0.0.1:9', BROADSHEET_SECRET: '' });
    assert.equal(noSecret.code, 1);
    assert.match(noSecret.stderr, /BROADSHEET_SECRET is not set/);
    assert.ok(!noSecret.stderr.includes('topsecretpw'));
    const bad = await run(['send', '--config', p.config, '--now', 'yesterday'], {});
    assert.equal(bad.code, 2);
  } finally {
    fs.rmSync(p.dir, { recursive: true, force: true });
  }
});
