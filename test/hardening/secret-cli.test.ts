import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli-process.js';
import { publication } from '../cli/publication.js';

const NOW = ['--now', '2026-11-23T09:00:00+08:00'];

/** Every file under `dir`, relative, sorted: what a refused command must leave as it was. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

test('"broadsheet secret" prints a fresh 32-byte key each time, which send accepts', async (t) => {
  const p = publication();
  t.after(() => p.close());
  const a = await runCli(['secret'], { cwd: p.dir });
  const b = await runCli(['secret'], { cwd: p.dir });
  assert.equal(a.code, 0, a.err);
  const key = a.out.trim();
  assert.match(key, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(Buffer.from(key, 'base64url').length, 32);
  assert.notEqual(key, b.out.trim(), 'two runs, two keys');
  await runCli(['subscribers', 'add', 'ann@example.org', '--confirmed'], { cwd: p.dir });
  const send = await runCli(['send', ...NOW], { cwd: p.dir, env: { BROADSHEET_SECRET: key } });
  assert.equal(send.code, 0, send.err);
  assert.equal(fs.readdirSync(path.join(p.dir, 'outbox')).filter((f) => f.endsWith('.eml')).length, 1);
});

test('a BROADSHEET_SECRET shorter than 32 bytes is refused by every command that signs links (exit 1, nothing written)', async (t) => {
  const p = publication();
  t.after(() => p.close());
  const before = tree(p.dir);
  const commands: [string, string[], NodeJS.ProcessEnv][] = [
    ['send to the outbox', ['send', ...NOW], {}],
    ['send by SMTP', ['send', ...NOW], { SMTP_URL: 'smtp://news:pw@127.0.0.1:1' }],
    ['send --due', ['send', '--due', ...NOW], {}],
    ['serve', ['serve', '--port', '0'], {}],
    ['digest', ['digest', ...NOW], {}],
    ['schedule', ['schedule'], { SMTP_URL: 'smtp://news:pw@127.0.0.1:1' }],
  ];
  for (const [name, args, env] of commands) {
    const r = await runCli(args, { cwd: p.dir, env: { ...env, BROADSHEET_SECRET: 'a' }, timeoutMs: 20_000 });
    assert.equal(r.code, 1, `${name}: ${r.out}\n${r.err}`);
    assert.match(r.err, /BROADSHEET_SECRET is 1 byte long; it must be at least 32.*\[SecretTooShort\]/, name);
    assert.match(r.err, /hint: Run "broadsheet secret"/, name);
    assert.doesNotMatch(r.out, /Listening on/, name);
  }
  // Length is counted in bytes, as the key is used: 15 two-byte letters are 30 bytes.
  for (const weak of ['x'.repeat(31), 'é'.repeat(15), 'secret-with-some-length-1234567']) {
    const r = await runCli(['send', ...NOW], { cwd: p.dir, env: { BROADSHEET_SECRET: weak } });
    assert.equal(r.code, 1, weak);
    assert.match(r.err, new RegExp(`is ${Buffer.byteLength(weak)} bytes long.*\\[SecretTooShort\\]`));
  }
  assert.deepEqual(tree(p.dir), before, 'no store, no outbox, no preview');
  // 16 two-byte letters are 32 bytes: long enough.
  const ok = await runCli(['digest', ...NOW], { cwd: p.dir, env: { BROADSHEET_SECRET: 'é'.repeat(16) } });
  assert.equal(ok.code, 0, ok.err);
});
