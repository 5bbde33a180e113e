import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { acquireSendLock } from '../../src/delivery/send-lock.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { runCli } from '../helpers/cli-process.js';
import { startServe } from '../helpers/serve-process.js';
import { startSmtpServer } from '../helpers/smtp.js';
import { publication } from '../cli/publication.js';

const SECRET = 'identity-test-secret-0123456789abcdef';
const NOW = ['--now', '2026-11-23T09:00:00+08:00'];

test('eight spellings of one accented address are one address for the rate limit: at most 3 confirmation emails, one subscriber', async (t) => {
  const p = publication('server:\n  trust_proxy: true\n');
  t.after(() => p.close());
  const smtp = await startSmtpServer();
  t.after(() => smtp.close());
  const serve = await startServe(p.dir, { BROADSHEET_SECRET: SECRET, SMTP_URL: smtp.url });
  t.after(() => serve.stop());
  const spellings = [
    'élodie@example.org', // composed é
    'e\u0301lodie@example.org', // e + combining acute
    'Élodie@example.org',
    'E\u0301lodie@example.org',
    'ÉLODIE@EXAMPLE.ORG',
    'E\u0301LODIE@Example.Org',
    'élodie@EXAMPLE.org',
    'e\u0301LODIE@example.ORG',
  ];
  assert.equal(new Set(spellings).size, 8);
  assert.equal(new Set(spellings.map((s) => s.toLowerCase())).size, 2, 'lower case alone leaves two keys');
  const pages = new Set<string>();
  for (const [i, email] of spellings.entries()) {
    const res = await fetch(`${serve.url}/subscribe`, {
      method: 'POST',
      // Each from its own client, so only the per-address limit can hold them back.
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://news.example.org', 'x-forwarded-for': `198.51.100.${i + 1}` },
      body: new URLSearchParams([['email', email]]).toString(),
    });
    assert.equal(res.status, 200, email);
    pages.add(await res.text());
  }
  assert.equal(pages.size, 1, 'the same answer whatever the limit did');
  // Mail is sent after the answer: wait for it to settle, then a little more for any extra.
  const deadline = Date.now() + 10_000;
  while (smtp.received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(smtp.received.length, 3, `confirmation emails: ${smtp.received.map((m) => m.to.join()).join(', ')}`);
  assert.equal(await serve.stop(), 0);
  const store = openSqliteStore(path.join(p.dir, 'state', 'broadsheet.db'), { readonly: true });
  try {
    assert.equal((await store.listSubscribers()).length, 1, 'one subscriber, however it was spelled');
  } finally {
    await store.close();
  }
});

test('the send lock is the store file\'s: a send through a symlink (to the file or to its folder) waits for one through the real path', async (t) => {
  const p = publication();
  t.after(() => p.close());
  assert.equal((await runCli(['subscribers', 'add', 'ann@example.org', '--confirmed'], { cwd: p.dir })).code, 0);
  const real = path.join(p.dir, 'state', 'broadsheet.db');
  fs.symlinkSync(real, path.join(p.dir, 'link.db'));
  fs.symlinkSync(path.join(p.dir, 'state'), path.join(p.dir, 'state-link'));
  const via = ['link.db', path.join('state-link', 'broadsheet.db'), path.join('state', '..', 'state', 'broadsheet.db')];
  // A sender (this process) holds the lock through the real path…
  const release = acquireSendLock(real);
  try {
    for (const store of via) {
      // …so another through any other path is refused, and status names the holder.
      const r = await runCli(['send', '--store', store, ...NOW], { cwd: p.dir, env: { BROADSHEET_SECRET: SECRET } });
      assert.equal(r.code, 1, `${store}: ${r.out}\n${r.err}`);
      assert.match(r.err, new RegExp(`Another "broadsheet send" \\(pid ${process.pid}\\) is sending from this store.*\\[SendRunning\\]`), store);
      const status = await runCli(['status', '--store', store, '--json'], { cwd: p.dir });
      assert.equal(status.code, 0, status.err);
      assert.match(status.out, new RegExp(`pid ${process.pid} on`), store);
    }
  } finally {
    release();
  }
  // And the other way round: held through a symlink, refused through the real path.
  const viaLink = acquireSendLock(path.join(p.dir, 'link.db'));
  try {
    const r = await runCli(['send', ...NOW], { cwd: p.dir, env: { BROADSHEET_SECRET: SECRET } });
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /\[SendRunning\]/);
  } finally {
    viaLink();
  }
  // Nothing was sent while the lock was held; with it free, the send goes through once.
  assert.ok(!fs.existsSync(path.join(p.dir, 'outbox')) || fs.readdirSync(path.join(p.dir, 'outbox')).length === 0);
  const free = await runCli(['send', '--store', 'link.db', ...NOW], { cwd: p.dir, env: { BROADSHEET_SECRET: SECRET } });
  assert.equal(free.code, 0, free.err);
  assert.equal(fs.readdirSync(path.join(p.dir, 'outbox')).filter((f) => f.endsWith('.eml')).length, 1);
});

test('store copy refuses to copy a store into itself through a symlink', async (t) => {
  const p = publication();
  t.after(() => p.close());
  assert.equal((await runCli(['subscribers', 'add', 'ann@example.org'], { cwd: p.dir })).code, 0);
  fs.symlinkSync(path.join(p.dir, 'state', 'broadsheet.db'), path.join(p.dir, 'link.db'));
  const before = fs.readFileSync(path.join(p.dir, 'state', 'broadsheet.db'));
  const r = await runCli(['store', 'copy', '--from', 'link.db'], { cwd: p.dir });
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /--from names the store it would copy into/);
  assert.ok(fs.readFileSync(path.join(p.dir, 'state', 'broadsheet.db')).equals(before));
});
