import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { startFaultServer } from './fault-smtp.js';

/**
 * The real CLI in child processes with the system clock, against a real SMTP server:
 * an outage (exit 75, status grouping the pending deliveries by reply), the recovery
 * with permanent failures listed (exit 0), and `send --retry-failed`.
 */

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/bin.js');
const NOW = '2025-06-16T09:00:00+08:00';
const SECRET = 'retry-cli-test-secret-0123456789-abcdef';

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CI: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const ADDRESSES = ['ann@example.net', 'bob@example.net', 'cat@example.net', 'dan@example.net', 'eve@example.net', 'fay@example.net', 'gus@example.net', 'hal@example.net', 'full@example.net', 'josé@example.net', 'gone@example.net', 'left@example.net'];

test('send: an outage exits 75 and status groups the pending by reply; the recovery lists permanent failures; --retry-failed re-queues the right ones', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h18-retry-'));
  fs.mkdirSync(path.join(dir, 'content'));
  fs.writeFileSync(path.join(dir, 'content', 'a.md'), '---\ntitle: News\ndate: 2025-06-14T10:00:00+08:00\n---\nBody.\n');
  const config = path.join(dir, 'broadsheet.yaml');
  fs.writeFileSync(config, [
    'site:', '  title: Retry Weekly', '  url: https://news.example.org/', '  timezone: Asia/Shanghai',
    'digest:', '  lookback: 14d',
    'newsletter:', '  from: Retry Weekly <digest@news.example.org>', '  service_url: https://subscribe.news.example.org/',
    'delivery:', '  rate: 1000', '  concurrency: 2', '  retry_delay: 0.05', '  max_bounces: 1', '',
  ].join('\n'));
  const storeFile = path.join(dir, 'state', 'broadsheet.db');
  const store = openSqliteStore(storeFile);
  await store.upsertSubscribers(ADDRESSES.map((email) => ({ email, status: 'confirmed' as const })), new Date());
  await store.close();

  let outage = true;
  let fullTries = 0;
  const server = await startFaultServer({
    rcpt: (address) => {
      if (outage) return { code: 450, message: '4.7.0 Service temporarily unavailable, try again later' };
      if (address.startsWith('josé')) return { code: 553, message: '5.6.7 SMTPUTF8 required' };
      if (address.startsWith('gone')) return { code: 550, message: '5.1.1 User unknown' };
      return undefined;
    },
    // A policy refusal of the message (not of the address): fails the delivery, no bounce.
    data: (address) => {
      if (address.startsWith('left')) return { code: 554, message: '5.7.1 Rejected by policy' };
      if (address.startsWith('full')) return ++fullTries === 1 ? { code: 554, message: '5.7.1 Rejected by policy' } : undefined;
      return undefined;
    },
  });
  const env = { SMTP_URL: server.url, BROADSHEET_SECRET: SECRET };
  const args = ['--config', config];
  try {
    const during = await run(['send', ...args, '--now', NOW], env);
    assert.equal(during.code, 75, during.stdout + during.stderr);
    assert.match(during.stderr, /refused 8 recipients in a row/);
    assert.match(during.stderr, /12 deliveries stay pending, the next due /);

    const text = await run(['status', ...args]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Pending deliveries: 12/);
    assert.match(text.stdout, /\d+ × [^\n]*450 4\.7\.0 Service temporarily unavailable[^\n]*next attempt 20\d\d-/);
    const json = await run(['status', ...args, '--json']);
    const report = JSON.parse(json.stdout) as { pending: number; pendingByReply: Array<{ reply: string | null; deliveries: number; editions: string[]; nextAttemptAt: string | null }> };
    assert.equal(report.pending, 12);
    assert.equal(report.pendingByReply.reduce((n, g) => n + g.deliveries, 0), 12, 'every pending delivery is in a group');
    const refused = report.pendingByReply.find((g) => /450/.test(g.reply ?? ''));
    assert.ok(refused && refused.deliveries >= 8 && refused.nextAttemptAt && !Number.isNaN(Date.parse(refused.nextAttemptAt)), JSON.stringify(report.pendingByReply));

    // The provider is back: everyone is sent, four fail for good; exit 0, failures listed.
    outage = false;
    await new Promise((r) => setTimeout(r, 1200)); // the back-off of the refused ones (at most a second here)
    const recovered = await run(['send', ...args, '--now', NOW], env);
    assert.equal(recovered.code, 0, recovered.stdout + recovered.stderr);
    assert.match(recovered.stdout, /Failed for good in this run \(4;/);
    assert.match(recovered.stdout, /2 × [^\n]*554 5\.7\.1 Rejected by policy: (f\*\*\*@example\.net, l\*\*\*@example\.net|l\*\*\*@example\.net, f\*\*\*@example\.net)/);
    assert.match(recovered.stdout, /1 × the server cannot deliver to a non-ASCII address \(no SMTPUTF8\)[^\n]*: j\*\*\*@example\.net/);
    assert.doesNotMatch(recovered.stdout + recovered.stderr, /full@|gone@|left@|josé@/, 'addresses are masked');
    assert.match(recovered.stdout, /4 failed \(1 hard bounce\)/, 'only the unknown user is a bounce');
    assert.equal(server.accepted.length, 8);

    // Someone unsubscribes; the operator re-drives the failures of the edition.
    const s2 = openSqliteStore(storeFile);
    const left = await s2.findSubscriberByEmail('left@example.net');
    await s2.setSubscriberStatus(left!.id, 'unsubscribed', new Date());
    assert.equal((await s2.findSubscriberByEmail('gone@example.net'))?.status, 'bounced');
    assert.equal((await s2.findSubscriberByEmail('josé@example.net'))?.status, 'confirmed', 'no SMTPUTF8 is not a bounce');
    await s2.close();

    assert.equal((await run(['send', ...args, '--edition', 'x'], env)).code, 2, '--edition needs --retry-failed');
    const missing = await run(['send', ...args, '--retry-failed', '--edition', 'no-such-edition'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /EditionNotFound/);

    const retried = await run(['send', ...args, '--retry-failed'], env);
    assert.equal(retried.code, 0, retried.stdout + retried.stderr);
    assert.match(retried.stdout, /re-queued 2 failed deliveries; 2 not \(the subscriber was suppressed, unsubscribed or removed since\)/);
    assert.doesNotMatch(retried.stdout, /created/, 'no new edition');
    const full = server.accepted.filter((m) => m.to === 'full@example.net');
    assert.equal(full.length, 1, 'the re-queued one is delivered once');
    assert.equal(server.accepted.length, 9, 'nobody else is mailed again');
    assert.match(retried.stdout, /1 × the server cannot deliver to a non-ASCII address/);
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
