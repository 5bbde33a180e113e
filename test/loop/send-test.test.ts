import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSmtpServer } from '../helpers/smtp.js';
import { publication } from '../cli/publication.js';
import { testSubjectMarker } from '../../src/delivery/test-send.js';

const NOW = '2026-11-23T02:00:00Z';
const digestOf = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('send --test mails the coming edition to those addresses only, marked as a test, and records nothing', async (t) => {
  const smtp = await startSmtpServer();
  const p = publication();
  t.after(async () => {
    p.close();
    await smtp.close();
  });
  fs.writeFileSync(path.join(p.dir, 'content', 'second.md'), '---\ntitle: Second\ndate: 2026-11-21T10:00:00+08:00\nmain_topics: [Science]\n---\n\nThe second article.\n');
  const env = { SMTP_URL: smtp.url, BROADSHEET_SECRET: 'a-test-secret-of-enough-length-0123456789' };
  assert.equal((await p.run(['subscribers', 'add', 'reader@example.org', '--confirmed'], { env })).code, 0);
  const store = path.join(p.dir, 'state', 'broadsheet.db');
  const before = digestOf(store);

  const r = await p.run(['send', '--test', 'me@example.org', 'editor@example.org', '--now', NOW], { env });
  assert.equal(r.code, 0, r.err);
  assert.equal(smtp.received.length, 2);
  assert.deepEqual(smtp.received.map((m) => m.to).sort(), [['editor@example.org'], ['me@example.org']]);
  for (const m of smtp.received) {
    assert.match(m.parsed.subject ?? '', /^\[TEST\] Review Weekly · /);
    assert.match(m.parsed.text ?? '', /First/);
    assert.match(m.parsed.text ?? '', /Second/);
    assert.equal(m.from, 'digest@news.example.org');
    assert.match(m.raw.toString('utf8'), /^List-Unsubscribe: /m, 'a test carries the headers subscribers get');
  }
  assert.notEqual(smtp.received[0]?.parsed.messageId, smtp.received[1]?.parsed.messageId);
  assert.match(r.out, /nothing is recorded/);

  // Nothing recorded: the store's bytes and its edition table are as they were.
  assert.equal(digestOf(store), before, 'the store file changed');
  const db = new Database(store, { readonly: true });
  assert.equal((db.prepare('SELECT count(*) AS n FROM editions').get() as { n: number }).n, 0);
  db.close();

  // The real send afterwards still has every article, and goes to the subscriber only.
  const real = await p.run(['send', '--now', NOW], { env });
  assert.equal(real.code, 0, real.err);
  assert.equal(smtp.received.length, 3);
  const delivered = smtp.received[2];
  assert.deepEqual(delivered?.to, ['reader@example.org']);
  assert.doesNotMatch(delivered?.parsed.subject ?? '', /TEST/);
  assert.match(delivered?.parsed.text ?? '', /First/);
  assert.match(delivered?.parsed.text ?? '', /Second/);
});

test('the test marker is in the publication\'s language', async (t) => {
  assert.equal(testSubjectMarker('en'), '[TEST]');
  assert.equal(testSubjectMarker('zh-CN'), '[测试]');
  assert.equal(testSubjectMarker('zh-Hant-TW'), '[測試]');
  assert.equal(testSubjectMarker('zh-TW'), '[測試]');
  const smtp = await startSmtpServer();
  const p = publication();
  t.after(async () => {
    p.close();
    await smtp.close();
  });
  const yaml = path.join(p.dir, 'broadsheet.yaml');
  fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('  timezone: Asia/Shanghai', '  timezone: Asia/Shanghai\n  language: zh-CN'));
  const r = await p.run(['send', '--test', 'me@example.org', '--now', NOW], { env: { SMTP_URL: smtp.url } });
  assert.equal(r.code, 0, r.err);
  assert.match(smtp.received[0]?.parsed.subject ?? '', /^\[测试\] /);
  assert.ok(!fs.existsSync(path.join(p.dir, 'state')), 'a test send created a store');
});

test('send --test refuses without SMTP_URL or with a bad address, sending nothing', async (t) => {
  const p = publication();
  t.after(() => p.close());
  const none = await p.run(['send', '--test', 'me@example.org', '--now', NOW]);
  assert.equal(none.code, 1);
  assert.match(none.err, /SmtpUrlMissing/);
  const bad = await p.run(['send', '--test', 'not-an-address', '--now', NOW], { env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /not-an-address/);
  const empty = await p.run(['send', '--test'], { env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
  assert.equal(empty.code, 2);
  assert.ok(!fs.existsSync(path.join(p.dir, 'outbox')) && !fs.existsSync(path.join(p.dir, 'state')));
});
