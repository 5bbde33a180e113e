import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { usePostgres } from '../helpers/postgres.js';
import { publication } from './publication.js';

const AT = ['--now', '2026-11-23T09:00:00+08:00'];

/** Everything a store holds, as plain data, for comparing two stores. */
async function contents(store: Store): Promise<unknown> {
  const editions = await store.listEditions();
  return {
    subscribers: await store.listSubscribers(),
    editions,
    deliveries: await Promise.all(editions.map((e) => store.listDeliveries(e.id))),
    held: [...(await store.heldArticleIds())].sort(),
  };
}

async function read(location: string): Promise<unknown> {
  const store = await openStore(location, { readonly: true });
  try {
    return await contents(store);
  } finally {
    await store.close();
  }
}

test('store copy moves a SQLite store into PostgreSQL whole, and back again; the edition is not sent twice', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  const url = await server.database(t);
  const p = publication();
  t.after(() => p.close());
  for (const [email, extra] of [['ann@example.org', ['--topics', 'Tech']], ['陈@example.org', ['--name', '陈先生']], ['bob@example.org', []]] as const) {
    assert.equal((await p.run(['subscribers', 'add', email, '--confirmed', ...extra])).code, 0);
  }
  assert.equal((await p.run(['subscribers', 'add', 'gone@example.org', '--confirmed'])).code, 0);
  assert.equal((await p.run(['subscribers', 'remove', 'gone@example.org', '--unsubscribe'])).code, 0);
  const sent = await p.run(['send', ...AT]);
  assert.equal(sent.code, 0, sent.out + sent.err);
  const outbox = path.join(p.dir, 'outbox');
  const mails = fs.readdirSync(outbox).length;
  assert.equal(mails, 3);
  const sqlite = path.join(p.dir, 'state', 'broadsheet.db');
  const original = await read(sqlite);

  const copied = await p.run(['store', 'copy', '--from', 'state/broadsheet.db'], { env: { BROADSHEET_STORE: url } });
  assert.equal(copied.code, 0, copied.out + copied.err);
  assert.match(copied.out, /^Copied 4 subscribers, 1 edition and 3 deliveries from .*broadsheet\.db into postgres:\/\//m);
  assert.deepEqual(await read(url), original, 'ids, times, states and order, all as they were');

  // The copy knows the edition went out: sending it again from PostgreSQL sends nothing.
  const again = await p.run(['send', ...AT], { env: { BROADSHEET_STORE: url } });
  assert.equal(again.code, 0, again.out + again.err);
  assert.match(again.out, /already sent completely/);
  assert.equal(fs.readdirSync(outbox).length, mails, 'no message written twice');

  // A second copy into the same database is refused, and changes nothing there.
  const twice = await p.run(['store', 'copy', '--from', 'state/broadsheet.db'], { env: { BROADSHEET_STORE: url } });
  assert.equal(twice.code, 1);
  assert.match(twice.err, /not empty \(4 subscribers, 1 edition\).*\[StoreNotEmpty\]/);
  assert.deepEqual(await read(url), original);

  // And back into a new SQLite file: the PostgreSQL side reads and writes the same way.
  const back = await p.run(['store', 'copy', '--from', url, '--store', 'state/back.db']);
  assert.equal(back.code, 0, back.out + back.err);
  assert.deepEqual(await read(path.join(p.dir, 'state', 'back.db')), original);
});

test('store copy refuses what it cannot do, with exit 2 for the command line and 1 for the stores', async (t) => {
  const p = publication();
  t.after(() => p.close());
  assert.equal((await p.run(['store', 'copy'])).code, 2, 'no --from');
  assert.equal((await p.run(['store', 'move', '--from', 'x.db'])).code, 2, 'unknown subcommand');
  const same = await p.run(['store', 'copy', '--from', 'state/broadsheet.db']);
  assert.equal(same.code, 2, 'the source is the target');
  const missing = await p.run(['store', 'copy', '--from', 'nowhere.db', '--store', 'new.db']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /\[StoreNotFound\]/);
  assert.ok(!fs.existsSync(path.join(p.dir, 'new.db')), 'no target created for nothing');
});
