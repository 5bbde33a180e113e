import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain } from '../../src/cli/main.js';
import { fixedClock } from '../../src/clock.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { StatusReport } from '../../src/schedule/status-report.js';

const CONFIG = `site:
  title: Status test
  url: https://example.org/
  timezone: Asia/Shanghai
digest:
  schedule: "0 9 * * 1"
`;

async function run(dir: string, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMain(argv, {
    cwd: dir,
    env: {},
    clock: fixedClock('2026-11-25T12:00:00Z'),
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-status-'));
  fs.writeFileSync(path.join(dir, 'broadsheet.yaml'), CONFIG);
  return dir;
}

test('status with no store yet: no editions, the schedule says an edition is due, and no store file is created', async () => {
  const dir = tempDir();
  try {
    const { code, out } = await run(dir, ['status', '--json']);
    assert.equal(code, 0);
    const r = JSON.parse(out) as StatusReport;
    assert.equal(r.store.exists, false);
    assert.equal(r.lastEdition, null);
    assert.equal(r.schedule?.due, true);
    assert.equal(r.schedule?.dueAt, '2026-11-23T01:00:00.000Z');
    assert.equal(r.schedule?.next, '2026-11-30T01:00:00.000Z');
    assert.equal(r.subscribers.total, 0);
    assert.equal(fs.existsSync(path.join(dir, 'state')), false, 'status never creates the store');
    const text = await run(dir, ['status']);
    assert.match(text.out, /no editions yet/);
    assert.match(text.out, /Next scheduled time: 2026-11-30 09:00 Asia\/Shanghai/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('status reports the last edition, its deliveries by state, failures and subscribers', async () => {
  const dir = tempDir();
  const file = path.join(dir, 'state', 'broadsheet.db');
  const store = openSqliteStore(file, { durability: 'normal' });
  const t0 = new Date('2026-11-23T01:05:00Z');
  try {
    const subs = await store.upsertSubscribers(
      [
        { email: 'ann@example.org', status: 'confirmed' },
        { email: 'bob@example.org', status: 'confirmed' },
        { email: 'cyd@example.org', status: 'confirmed' },
        { email: 'dee@example.org', status: 'confirmed' },
        { email: 'eve@example.org', status: 'pending' },
        { email: 'fay@example.org', status: 'unsubscribed' },
      ],
      t0,
    );
    await store.createEdition({ id: '2026-11-16-0900', scheduledAt: new Date('2026-11-16T01:00:00Z'), articleIds: ['a'] }, t0);
    assert.equal(await store.completeEditionIfDone('2026-11-16-0900', t0), true);
    const { edition } = await store.createEdition({ id: '2026-11-23-0900', scheduledAt: new Date('2026-11-23T01:00:00Z'), articleIds: ['b', 'c'] }, t0);
    const confirmed = subs.filter((s) => s.status === 'confirmed');
    await store.planDeliveries(edition.id, confirmed.map((s) => ({ subscriberId: s.id, email: s.email, messageId: `<${s.id}@t>` })), t0);
    const [ann, bob, cyd] = confirmed;
    assert.ok(await store.markSending(edition.id, ann!.id, t0));
    await store.markSent(edition.id, ann!.id, t0);
    assert.ok(await store.markSending(edition.id, bob!.id, t0));
    await store.markFailed(edition.id, bob!.id, '550 5.1.1 <bob@example.org>: no such user', t0, null);
    assert.ok(await store.markSending(edition.id, cyd!.id, t0)); // in flight when the run died
  } finally {
    await store.close();
  }
  const before = fs.statSync(file).mtimeMs;
  try {
    const { code, out, err } = await run(dir, ['status', '--json']);
    assert.equal(code, 0, err);
    const r = JSON.parse(out) as StatusReport;
    assert.equal(r.version, 1);
    assert.equal(r.lastEdition?.id, '2026-11-23-0900');
    assert.equal(r.lastEdition?.articles, 2);
    assert.equal(r.lastEdition?.completedAt, null);
    assert.deepEqual(r.lastEdition?.deliveries, { planned: 1, sending: 1, sent: 1, failed: 1, total: 4 });
    assert.deepEqual(r.unfinishedEditions.map((e) => e.id), ['2026-11-23-0900']);
    assert.equal(r.pending, 2);
    assert.equal(r.failed, 1);
    assert.deepEqual(r.failures, [{ editionId: '2026-11-23-0900', email: 'bob@example.org', attempts: 1, lastError: '550 5.1.1 <bob@example.org>: no such user' }]);
    assert.deepEqual(r.subscribers, { pending: 1, confirmed: 4, unsubscribed: 1, bounced: 0, total: 6 });
    assert.equal(r.schedule?.due, false);
    assert.equal(r.schedule?.reason, 'already-created');

    const text = await run(dir, ['status']);
    assert.equal(text.code, 0);
    assert.match(text.out, /Last edition: 2026-11-23-0900/);
    assert.match(text.out, /1\/4 sent, 1 planned, 1 sending, 1 failed/);
    assert.match(text.out, /Pending deliveries: 2/);
    assert.match(text.out, /b\*\*\*@example\.org/);
    assert.doesNotMatch(text.out, /bob@example\.org/, 'text output masks addresses, also inside SMTP replies');
    assert.equal(fs.statSync(file).mtimeMs, before, 'read-only: the store file is untouched');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('status --now and bad flags', async () => {
  const dir = tempDir();
  try {
    const early = JSON.parse((await run(dir, ['status', '--json', '--now', '2026-11-30T08:59:00+08:00'])).out) as StatusReport;
    assert.equal(early.now, '2026-11-30T00:59:00.000Z');
    assert.equal(early.schedule?.dueAt, '2026-11-23T01:00:00.000Z');
    const late = JSON.parse((await run(dir, ['status', '--json', '--now', '2026-11-30T09:00:00+08:00'])).out) as StatusReport;
    assert.equal(late.schedule?.dueAt, '2026-11-30T01:00:00.000Z');
    assert.equal((await run(dir, ['status', '--now', 'monday'])).code, 2);
    assert.equal((await run(dir, ['status', '--bogus'])).code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('status says when a send holds the store, and who; a stale lock file is nobody', async () => {
  const dir = tempDir();
  try {
    const store = path.join(dir, 'state', 'broadsheet.db');
    const idle = JSON.parse((await run(dir, ['status', '--json'])).out) as StatusReport;
    assert.deepEqual(idle.send, { running: false, holder: null, since: null });

    // This process takes the lock, as a running send does.
    const { acquireSendLock } = await import('../../src/delivery/send-lock.js');
    const release = acquireSendLock(store);
    try {
      const busy = JSON.parse((await run(dir, ['status', '--json'])).out) as StatusReport;
      assert.equal(busy.send.running, true);
      assert.equal(busy.send.holder, `pid ${process.pid} on ${os.hostname()}`);
      assert.ok(Math.abs(Date.parse(busy.send.since ?? '') - Date.now()) < 60_000);
      const text = await run(dir, ['status']);
      assert.match(text.out, /^Send: running now \(pid \d+ on .+, since .+\); another "broadsheet send" would be refused\.$/m);
    } finally {
      release();
    }
    // A lock file left by a process that is gone (kill -9) is stale: nobody sends.
    fs.writeFileSync(`${store}.send.lock`, `999999999 ${os.hostname()}\n`);
    const stale = JSON.parse((await run(dir, ['status', '--json'])).out) as StatusReport;
    assert.equal(stale.send.running, false);
    assert.doesNotMatch((await run(dir, ['status'])).out, /^Send:/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
