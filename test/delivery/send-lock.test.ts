import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireSendLock } from '../../src/delivery/send-lock.js';
import { BroadsheetError } from '../../src/errors.js';

test('the send lock keeps a second sender out and is taken over when its owner is gone', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-h4b-lock-'));
  const store = path.join(dir, 'broadsheet.db');
  const lock = `${store}.send.lock`;
  // A live process on this host holds it.
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    fs.writeFileSync(lock, `${sleeper.pid} ${os.hostname()}\n`);
    assert.throws(() => acquireSendLock(store), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'SendRunning');
    // …but not once it has gone five minutes without a heartbeat (a reused pid).
    const release = acquireSendLock(store, () => Date.now() + 6 * 60_000);
    assert.match(fs.readFileSync(lock, 'utf8'), new RegExp(`^${process.pid} `));
    release();
    assert.equal(fs.existsSync(lock), false, 'released');
    // A lock from a process that no longer exists is stale.
    sleeper.kill('SIGKILL');
    await new Promise((r) => sleeper.once('exit', r));
    fs.writeFileSync(lock, `${sleeper.pid} ${os.hostname()}\n`);
    acquireSendLock(store)();
    // And one written on another host.
    fs.writeFileSync(lock, `1 some-other-host\n`);
    acquireSendLock(store)();
  } finally {
    sleeper.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the first send in a fresh folder creates the store folder for its lock (no internal error)', async () => {
  const { runMain } = await import('../../src/cli/main.js');
  const { fixedClock } = await import('../../src/clock.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-lead-first-send-'));
  try {
    fs.mkdirSync(path.join(dir, 'content'));
    fs.writeFileSync(path.join(dir, 'content', 'a.md'), '---\ntitle: First\ndate: 2026-11-20T09:00:00+08:00\nmain_topics: [News]\n---\nHello.\n');
    fs.writeFileSync(
      path.join(dir, 'broadsheet.yaml'),
      'site:\n  title: Fresh\n  url: https://fresh.example.org/\nnewsletter:\n  from: Fresh <news@fresh.example.org>\n  service_url: https://fresh.example.org/s/\n',
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await runMain(['send', '--now', '2026-11-27T09:00:00Z'], {
      cwd: dir,
      env: { PATH: process.env.PATH },
      clock: fixedClock('2026-11-27T09:00:00Z'),
      stdout: (l) => out.push(l),
      stderr: (l) => err.push(l),
    });
    assert.equal(code, 0, `${out.join('\n')}\n${err.join('\n')}`);
    assert.doesNotMatch(err.join('\n'), /Internal error/);
    assert.ok(fs.existsSync(path.join(dir, 'state', 'broadsheet.db')), 'the store was created in state/');
    assert.equal(fs.existsSync(path.join(dir, 'state', 'broadsheet.db.send.lock')), false, 'the lock was released');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
