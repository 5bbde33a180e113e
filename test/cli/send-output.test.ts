import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publication } from './publication.js';

// What send prints reads right for one delivery as for many.

test('send counts one delivery in the singular', async () => {
  const p = publication();
  try {
    assert.equal((await p.run(['subscribers', 'add', 'ann@example.org', '--confirmed'])).code, 0);
    const r = await p.run(['send', '--now', '2026-11-23T09:00:00+08:00']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /: 1 delivery recorded \(1 new\)\./);
    assert.doesNotMatch(r.out, /\b1 deliveries\b/);
  } finally {
    p.close();
  }
});
