import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { runCli } from '../helpers/cli-process.js';
import { publication, type Publication } from '../cli/publication.js';

const SECRET = 'empty-edition-test-secret-0123456789abcdef';
const WEEK1 = '2026-11-23T09:00:00+08:00';
const WEEK2 = '2026-11-30T09:00:00+08:00';
const env = { BROADSHEET_SECRET: SECRET };

/** The editions recorded in the publication's store, as [time, article ids]. */
async function editions(p: Publication): Promise<[string, string[]][]> {
  const file = path.join(p.dir, 'state', 'broadsheet.db');
  if (!fs.existsSync(file)) return [];
  const store = openSqliteStore(file, { readonly: true });
  try {
    return (await store.listEditions()).map((e) => [e.scheduledAt.toISOString(), [...e.articleIds]]);
  } finally {
    await store.close();
  }
}

/** The subjects and bodies of the .eml files in the outbox. */
async function outbox(p: Publication): Promise<{ to: string; text: string }[]> {
  const dir = path.join(p.dir, 'outbox');
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
    const mail = await simpleParser(fs.readFileSync(path.join(dir, f)));
    out.push({ to: mail.to && !Array.isArray(mail.to) ? mail.to.text : '', text: mail.text ?? '' });
  }
  return out;
}

const NOBODY = /No confirmed subscriber yet: the edition at 2026-11-23 09:00 Asia\/Shanghai .*\(1 article\) is not recorded, so its articles stay new for the first edition someone receives\. Pass --allow-empty to record it anyway\./;

// Before: every case recorded the edition, and the first subscriber never got "First".
const NOBODY_CONFIRMED: [string, (p: Publication) => Promise<void>][] = [
  ['a new store (no file yet)', async () => undefined],
  ['a store with only pending, unsubscribed and bounced subscribers', async (p) => {
    for (const args of [['add', 'pending@example.org'], ['add', 'gone@example.org', '--confirmed'], ['remove', 'gone@example.org', '--unsubscribe']]) {
      const r = await p.run(['subscribers', ...args]);
      assert.equal(r.code, 0, r.err);
    }
    fs.writeFileSync(path.join(p.dir, 'b.csv'), 'email,name,topics,status\nbounced@example.org,B,,bounced\n');
    assert.equal((await p.run(['subscribers', 'import', 'b.csv'])).code, 0);
  }],
];

for (const [name, setup] of NOBODY_CONFIRMED) {
  for (const due of [false, true]) {
    test(`send${due ? ' --due' : ''} on ${name} records no edition (exit 0, says so); the first subscriber then gets its articles`, async (t) => {
      const p = publication();
      t.after(() => p.close());
      await setup(p);
      // --due: the trigger fires an hour after Monday 09:00; without it, the edition time is given.
      const args = due ? ['send', '--due', '--now', '2026-11-23T10:00:00+08:00'] : ['send', '--now', WEEK1];
      const r = await runCli(args, { cwd: p.dir, env });
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, NOBODY);
      assert.doesNotMatch(r.out, /deliveries recorded|Edition \S+: created/);
      assert.deepEqual(await editions(p), [], 'no edition recorded');
      // A second trigger finds the same time still due, and says the same.
      const again = await runCli(args, { cwd: p.dir, env });
      assert.equal(again.code, 0, again.err);
      assert.match(again.out, NOBODY);
      // Someone confirms; the next edition holds the article nobody got.
      assert.equal((await p.run(['subscribers', 'add', 'ann@example.org', '--confirmed'])).code, 0);
      const next = await runCli(due ? ['send', '--due', '--now', '2026-11-30T10:00:00+08:00'] : ['send', '--now', WEEK2], { cwd: p.dir, env });
      assert.equal(next.code, 0, next.err);
      const recorded = await editions(p);
      assert.equal(recorded.length, 1);
      assert.equal(recorded[0]?.[1].length, 1, 'the article from the week nobody was there');
      const mail = await outbox(p);
      assert.deepEqual(mail.map((m) => m.to), ['ann@example.org']);
      assert.match(mail[0]?.text ?? '', /First/);
    });
  }
}

test('--allow-empty records the edition for nobody, and its articles count as sent', async (t) => {
  const p = publication();
  t.after(() => p.close());
  const r = await runCli(['send', '--allow-empty', '--now', WEEK1], { cwd: p.dir, env });
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /No confirmed subscriber yet/);
  assert.match(r.out, /0 deliveries recorded \(0 new\)\.\n {2}Nobody receives this edition/);
  assert.equal((await editions(p)).length, 1);
  assert.equal((await runCli(['subscribers', 'add', 'ann@example.org', '--confirmed'], { cwd: p.dir })).code, 0);
  const next = await runCli(['send', '--now', WEEK2], { cwd: p.dir, env });
  assert.equal(next.code, 0, next.err);
  assert.match(next.out, /No new articles for the edition at 2026-11-30 09:00/);
  assert.deepEqual(await outbox(p), []);
});
