import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publication } from './publication.js';

// A long-lived schedule must fail fast on an environment that can never send.

test('schedule refuses a missing BROADSHEET_SECRET or a bad SMTP_URL at start, not at the first due time', async () => {
  // A one-hour look-back makes the Monday edition too old on Wednesday: nothing is due
  // at start, so without the start check the process would idle until next Monday.
  const p = publication('  lookback: 1h\n');
  const wednesday = { now: () => new Date('2026-11-25T02:00:00Z') };
  try {
    for (const env of [{ SMTP_URL: 'smtp://news:hunter2-pw@127.0.0.1:1' }, { SMTP_URL: 'http://news:hunter2-pw@mail.example.org', BROADSHEET_SECRET: 'a-long-enough-secret-value-0123456789' }]) {
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), 3000);
      const r = await p.run(['schedule'], { env, clock: wednesday, signal: stop.signal });
      clearTimeout(timer);
      assert.equal(r.code, 1, `${env.SMTP_URL}: ${r.out}\n${r.err}`);
      assert.ok(!stop.signal.aborted, 'exits at once, not when stopped');
      assert.match(r.err, env.BROADSHEET_SECRET ? /\[SmtpUrlInvalid\]/ : /\[SecretMissing\]/);
      assert.doesNotMatch(r.out + r.err, /hunter2/, 'the SMTP password is never printed');
    }
  } finally {
    p.close();
  }
});
