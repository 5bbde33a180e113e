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
