import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publication } from './publication.js';

// The rerun advice after a --due run names the command that is safe to rerun.

test('send --due that leaves deliveries says to rerun send --due (a plain send would add an off-schedule edition)', async () => {
  const p = publication();
  try {
    assert.equal((await p.run(['subscribers', 'add', 'ann@example.org', '--confirmed'])).code, 0);
    const env = { SMTP_URL: 'smtp://news:hunter2-pw@127.0.0.1:1', BROADSHEET_SECRET: 'a-long-enough-secret-value-0123456789' };
    const r = await p.run(['send', '--due', '--now', '2026-11-23T10:00:00+08:00'], { env });
    assert.equal(r.code, 75, r.out + r.err);
    assert.match(r.err, /Run "broadsheet send --due" again/);
    assert.doesNotMatch(r.out + r.err, /hunter2/);
  } finally {
    p.close();
  }
});
