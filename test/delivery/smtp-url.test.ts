import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSmtpUrl, redactSecrets, redactUrl } from '../../src/delivery/smtp-url.js';
import { BroadsheetError } from '../../src/errors.js';

test('SMTP_URL: scheme, host, port, percent-decoded credentials', () => {
  const s = parseSmtpUrl('smtps://news%40example.org:p%40ss%3Aw0rd@mail.example.org');
  assert.deepEqual([s.host, s.port, s.secure, s.auth], ['mail.example.org', 465, true, { user: 'news@example.org', pass: 'p@ss:w0rd' }]);
  const plain = parseSmtpUrl('smtp://127.0.0.1:2525');
  assert.deepEqual([plain.host, plain.port, plain.secure, plain.auth], ['127.0.0.1', 2525, false, undefined]);
  assert.equal(parseSmtpUrl('smtp://mail.example.org').port, 587);
});

test('the password never appears in what may be printed', () => {
  const url = 'smtp://user:hunter2secret@mail.example.org:587';
  const s = parseSmtpUrl(url);
  assert.ok(!s.redacted.includes('hunter2secret'));
  assert.match(s.redacted, /user:\*\*\*@mail\.example\.org/);
  assert.ok(!redactUrl(url).includes('hunter2secret'));
  assert.equal(redactSecrets('535 auth failed for user:hunter2secret', ['hunter2secret']), '535 auth failed for user:***');
  for (const bad of ['http://user:hunter2secret@x.org', 'nonsense hunter2secret', 'smtp://user:hunter2secret@']) {
    assert.throws(() => parseSmtpUrl(bad), (err: unknown) => err instanceof BroadsheetError && !err.message.includes('hunter2secret'));
  }
});
