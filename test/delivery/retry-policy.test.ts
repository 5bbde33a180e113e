import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, classifyFailure } from '../../src/delivery/retry-policy.js';

test('4xx replies and network failures are transient', () => {
  for (const responseCode of [421, 450, 451, 452, 454]) {
    const c = classifyFailure({ message: `${responseCode} try later`, responseCode, command: 'DATA', code: 'EMESSAGE' });
    assert.equal(c.kind, 'transient', String(responseCode));
  }
  for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ESOCKET', 'EPIPE', 'ECONNECTION']) {
    const c = classifyFailure({ message: 'dropped', code });
    assert.deepEqual([c.kind, c.kind === 'transient' && c.connection], ['transient', false], code);
  }
  const refused = classifyFailure({ message: 'connect ECONNREFUSED', code: 'ECONNREFUSED', command: 'CONN' });
  assert.deepEqual([refused.kind, refused.kind === 'transient' && refused.connection], ['transient', true]);
  assert.equal(classifyFailure({ message: 'something odd' }).kind, 'transient');
});

test('5xx to RCPT TO is a hard bounce; 5xx to DATA bounces only for address problems', () => {
  const rcpt = classifyFailure({ message: 'Recipient command failed: 550 5.1.1 No such user', responseCode: 550, command: 'RCPT TO', code: 'EENVELOPE' });
  assert.deepEqual(rcpt.kind === 'permanent' && rcpt.bounce, true);
  const full = classifyFailure({ message: '552 5.2.2 Mailbox full', responseCode: 552, command: 'DATA' });
  assert.deepEqual(full.kind === 'permanent' && full.bounce, true);
  const policy = classifyFailure({ message: '554 5.7.1 Message rejected as spam', responseCode: 554, command: 'DATA' });
  assert.deepEqual([policy.kind, policy.kind === 'permanent' && policy.bounce], ['permanent', false]);
});

test('credential and sender rejections are fatal: they would fail every delivery', () => {
  assert.equal(classifyFailure({ message: 'Invalid login: 535 5.7.8 bad credentials', responseCode: 535, command: 'AUTH PLAIN', code: 'EAUTH' }).kind, 'fatal');
  assert.equal(classifyFailure({ message: 'Mail command failed: 553 sender not allowed', responseCode: 553, command: 'MAIL FROM', code: 'EENVELOPE' }).kind, 'fatal');
});

test('back-off grows exponentially with full jitter and a cap', () => {
  const opts = { baseMs: 1000, capMs: 30_000 };
  assert.equal(backoffDelay(1, { ...opts, random: () => 0.999999 }), 999);
  assert.equal(backoffDelay(3, { ...opts, random: () => 0.5 }), 2000);
  assert.equal(backoffDelay(10, { ...opts, random: () => 0.999999 }), 29_999);
  // Full jitter, but never below a tenth of the base.
  assert.equal(backoffDelay(4, { ...opts, random: () => 0 }), 100);
  const seen = new Set(Array.from({ length: 50 }, () => backoffDelay(5, opts)));
  assert.ok(seen.size > 40, 'jittered');
  for (const d of seen) assert.ok(d >= 100 && d <= 16_000);
});

test('smtps:// against a plain-text port stops with a hint to use smtp://', () => {
  const c = classifyFailure({ message: 'C0:5A:00:00:error:0A00010B:SSL routines:ssl3_get_record:wrong version number', code: 'ESOCKET', command: 'CONN' });
  assert.equal(c.kind, 'fatal');
  assert.match(c.reason, /use smtp:\/\//);
});

test('a server without SMTPUTF8 refusing a non-ASCII address fails the route, never bounces the address', () => {
  const replies = [
    { message: 'Recipient command failed: 500 strict ASCII mode', responseCode: 500 },
    { message: 'Recipient command failed: 553 5.6.7 SMTPUTF8 required for this address', responseCode: 553 },
    { message: 'Recipient command failed: 550 5.6.7 Non-ASCII addresses are not permitted', responseCode: 550 },
    { message: 'Recipient command failed: 553 5.1.3 SMTPUTF8 is required', responseCode: 553 },
    { message: 'Recipient command failed: 501 5.1.3 Bad recipient address syntax', responseCode: 501 },
    { message: 'Recipient command failed: 553 8-bit characters in address', responseCode: 553 },
  ];
  for (const r of replies) {
    const c = classifyFailure({ ...r, command: 'RCPT TO', code: 'EENVELOPE' }, { nonAsciiRecipient: true });
    assert.deepEqual([c.kind, c.kind === 'permanent' && c.bounce, c.kind === 'permanent' && c.route], ['permanent', false, true], r.message);
    assert.match(c.reason, /non-ASCII address \(no SMTPUTF8\)/);
  }
  // The same syntax complaint about a plain ASCII address is the address's own fault.
  const ascii = classifyFailure({ message: '501 5.1.3 Bad recipient address syntax', responseCode: 501, command: 'RCPT TO' }, { nonAsciiRecipient: false });
  assert.deepEqual([ascii.kind, ascii.kind === 'permanent' && ascii.bounce], ['permanent', true]);
  // An unknown mailbox stays a bounce, non-ASCII or not.
  const unknown = classifyFailure({ message: '550 5.1.1 User unknown', responseCode: 550, command: 'RCPT TO' }, { nonAsciiRecipient: true });
  assert.deepEqual([unknown.kind, unknown.kind === 'permanent' && unknown.bounce], ['permanent', true]);
  // Our own non-ASCII sender refused: every message would fail alike, so the run stops.
  assert.equal(classifyFailure({ message: '553 5.6.7 SMTPUTF8 required', responseCode: 553, command: 'MAIL FROM' }).kind, 'fatal');
  // A 4xx stays temporary whatever it says.
  assert.equal(classifyFailure({ message: '451 SMTPUTF8 temporarily unavailable', responseCode: 451, command: 'RCPT TO' }, { nonAsciiRecipient: true }).kind, 'transient');
});
