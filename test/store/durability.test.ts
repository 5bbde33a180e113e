import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { tempDir } from './temp-store.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ledger-child.js');

for (const mode of ['single', 'batch'] as const) {
  // In batch mode 8 are claimed at once (markSendingMany) and recorded by group commit
  // (markSentMany), as the send loop does: at most that batch may be left `sending`.
  const inFlight = mode === 'batch' ? 8 : 1;
  test(`deliveries recorded as sending or sent survive kill -9 of the writer (${mode})`, async (t) => {
    const file = path.join(tempDir(t), 'state', 'broadsheet.db');
    const proc = spawn(process.execPath, [child, file, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    const sending = new Set<string>();
    const sent = new Set<string>();
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
    let buffer = '';
    await new Promise<void>((resolve, reject) => {
      proc.on('exit', () => reject(new Error(`child exited before it was killed: ${stderr}`)));
      proc.stdout.on('data', (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          const [what, id] = line.split(' ');
          if (what === 'sending' && id) sending.add(id);
          if (what === 'sent' && id) sent.add(id);
        }
        // Kill mid-stream, somewhere between a claim and its completion or just after.
        if (sent.size >= 300) {
          proc.kill('SIGKILL');
          resolve();
        }
      });
    });
    assert.equal(await exited, 'SIGKILL');

    // Every line the child printed came after its commit returned: all must be there.
    const raw = new Database(file);
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    raw.close();
    const store = openSqliteStore(file);
    t.after(() => store.close());
    const rows = await store.listDeliveries('e1', { states: ['sending', 'sent'] });
    const state = new Map(rows.map((r) => [r.subscriberId, r.state]));
    for (const id of sent) assert.equal(state.get(id), 'sent', `sent ${id} survived`);
    for (const id of sending) assert.ok(state.get(id) === 'sending' || state.get(id) === 'sent', `claim ${id} survived`);
    const counts = await store.countDeliveries('e1');
    assert.equal(counts.planned + counts.sending + counts.sent, 2_000, 'the plan survived whole');
    assert.ok(counts.sent >= sent.size && counts.sending <= inFlight, `at most the ${inFlight} in flight left sending: ${JSON.stringify(counts)}`);
  });
}
