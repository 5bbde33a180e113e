import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publication } from './publication.js';

// --store naming a folder is a user's mistake: one problem, exit 1, never a stack trace.

test('--store naming a folder is a StoreUnreadable problem for every command that opens the store', async () => {
  const p = publication();
  try {
    for (const argv of [['status'], ['status', '--json'], ['subscribers', 'list'], ['subscribers', 'add', 'ann@example.org'], ['send']]) {
      const r = await p.run([...argv, '--store', p.dir]);
      assert.equal(r.code, 1, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, /This is a folder, not a store file \[StoreUnreadable\]/, argv.join(' '));
      assert.doesNotMatch(r.err, /Internal error|\n {4}at /, `${argv.join(' ')}: no stack trace`);
    }
  } finally {
    p.close();
  }
});
