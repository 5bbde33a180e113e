import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, resolveStorePath } from '../../src/store/sqlite.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { BroadsheetError } from '../../src/errors.js';
import { at, tempDir, tempStore } from './temp-store.js';

const T0 = at('2025-06-16T08:00:00Z');
const T1 = at('2025-06-17T08:00:00Z');

test('a new store is migrated from empty, and reopening applies nothing twice', async (t) => {
  const { store, file } = tempStore(t);
  await store.upsertSubscriber({ email: 'a@example.com' }, T0);
  await store.close();

  const db = new Database(file);
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
  assert.deepEqual(tables, ['deliveries', 'editions', 'subscribers']);
  db.close();

  const again = openSqliteStore(file);
  t.after(() => again.close());
  assert.equal((await again.listSubscribers()).length, 1, 'data survives the reopen');
  assert.equal((await again.findSubscriberByEmail('A@EXAMPLE.COM'))?.email, 'a@example.com');
});

test('a store written by a newer Broadsheet is refused with StoreTooNew, untouched', async (t) => {
  const file = path.join(tempDir(t), 'new.db');
  const db = new Database(file);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  assert.throws(
    () => openSqliteStore(file),
    (err: unknown) => err instanceof BroadsheetError && err.problems[0]?.code === 'StoreTooNew' && err.problems[0]?.file === file,
  );
  const check = new Database(file);
  assert.equal(check.pragma('user_version', { simple: true }), SCHEMA_VERSION + 1);
  assert.equal(check.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get(), 0, 'no table created');
  check.close();
});

test('a file that is not a database is reported, not crashed on', async (t) => {
  const file = path.join(tempDir(t), 'junk.db');
  (await import('node:fs')).writeFileSync(file, 'this is not sqlite, just text that is long enough to have a header '.repeat(20));
  assert.throws(() => openSqliteStore(file), (err: unknown) => err instanceof BroadsheetError && err.problems[0]?.code === 'StoreUnreadable');
});

test('readonly open refuses a missing file and an outdated schema', async (t) => {
  const dir = tempDir(t);
  assert.throws(() => openSqliteStore(path.join(dir, 'none.db'), { readonly: true }), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'StoreNotFound');
  const old = path.join(dir, 'old.db');
  new Database(old).close();
  assert.throws(() => openSqliteStore(old, { readonly: true }), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'StoreOutdated');
  const current = path.join(dir, 'current.db');
  const w = openSqliteStore(current);
  await w.upsertSubscriber({ email: 'r@example.com', status: 'confirmed' }, T0);
  const r = openSqliteStore(current, { readonly: true });
  t.after(async () => { await r.close(); await w.close(); });
  assert.equal((await r.countSubscribersByStatus()).confirmed, 1);
  await assert.rejects(() => r.upsertSubscriber({ email: 'x@example.com' }, T0));
});

test('migrations are numbered in order', () => {
  MIGRATIONS.forEach((m, i) => assert.equal(m.version, i + 1));
});

test('addresses are unique case-insensitively, including non-ASCII letters', async (t) => {
  const { store } = tempStore(t);
  const a = await store.upsertSubscriber({ email: 'A@x.com', name: 'Ann' }, T0);
  const b = await store.upsertSubscriber({ email: 'a@X.COM', name: 'Anne' }, T1);
  assert.equal(b.id, a.id);
  assert.equal(b.email, 'A@x.com', 'the address as first given is kept');
  assert.equal(b.name, 'Anne');
  assert.equal(b.updatedAt.getTime(), T1.getTime());
  assert.equal(b.createdAt.getTime(), T0.getTime());

  const e1 = await store.upsertSubscriber({ email: 'ÉLODIE@exemple.fr' }, T0);
  const e2 = await store.upsertSubscriber({ email: 'élodie@exemple.fr' }, T0);
  assert.equal(e2.id, e1.id, 'SQLite NOCASE would have let both in');
  assert.equal((await store.listSubscribers()).length, 2);
  assert.equal((await store.findSubscriberByEmail('  Élodie@EXEMPLE.fr '))?.id, e1.id);
});

test('subscriber ids are random, url-safe and stable', async (t) => {
  const { store } = tempStore(t);
  const subs = await store.upsertSubscribers(Array.from({ length: 50 }, (_, i) => ({ email: `u${i}@example.com` })), T0);
  const ids = new Set(subs.map((s) => s.id));
  assert.equal(ids.size, 50);
  for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  assert.equal((await store.getSubscriber(subs[7]!.id))?.email, 'u7@example.com');
});

test('upsert keeps a person’s own choice and never downgrades consent', async (t) => {
  const { store } = tempStore(t);
  const c = await store.upsertSubscriber({ email: 'c@example.com', status: 'confirmed', topics: ['AI'] }, T0);
  assert.equal(c.confirmedAt?.getTime(), T0.getTime());
  const c2 = await store.upsertSubscriber({ email: 'c@example.com', status: 'pending' }, T1);
  assert.equal(c2.status, 'confirmed');
  assert.deepEqual(c2.topics, ['AI'], 'topics not given: unchanged');

  const u = await store.upsertSubscriber({ email: 'u@example.com', status: 'confirmed' }, T0);
  await store.setSubscriberStatus(u.id, 'unsubscribed', T1);
  const u2 = await store.upsertSubscriber({ email: 'u@example.com', status: 'confirmed', name: 'New name' }, T1);
  assert.equal(u2.status, 'unsubscribed');
  assert.equal(u2.unsubscribedAt?.getTime(), T1.getTime());
  assert.equal(u2.name, 'New name', 'details still update');

  const p = await store.upsertSubscriber({ email: 'p@example.com' }, T0);
  assert.equal(p.status, 'pending');
  assert.equal(p.source, 'cli');
  const p2 = await store.upsertSubscriber({ email: 'p@example.com', status: 'confirmed', source: 'import' }, T1);
  assert.equal(p2.status, 'confirmed');
  assert.equal(p2.source, 'cli', 'source records where they first came from');
});

test('setSubscriberStatus stamps transitions; leaving bounced resets the count', async (t) => {
  const { store } = tempStore(t);
  const s = await store.upsertSubscriber({ email: 's@example.com', status: 'pending' }, T0);
  const c = await store.setSubscriberStatus(s.id, 'confirmed', T1);
  assert.equal(c?.confirmedAt?.getTime(), T1.getTime());
  const u = await store.setSubscriberStatus(s.id, 'unsubscribed', at('2025-06-18T00:00:00Z'));
  assert.equal(u?.unsubscribedAt?.toISOString(), '2025-06-18T00:00:00.000Z');
  const back = await store.setSubscriberStatus(s.id, 'confirmed', at('2025-06-19T00:00:00Z'));
  assert.equal(back?.unsubscribedAt, null);
  assert.equal(back?.confirmedAt?.toISOString(), '2025-06-19T00:00:00.000Z');
  assert.equal(await store.setSubscriberStatus('no-such-id', 'confirmed', T1), undefined);

  const t2 = await store.setSubscriberTopics(s.id, ['人工智能', 'C++'], T1);
  assert.deepEqual(t2?.topics, ['人工智能', 'C++']);
  assert.deepEqual((await store.getSubscriber(s.id))?.topics, ['人工智能', 'C++']);
});

test('listing, counting and removing subscribers', async (t) => {
  const { store } = tempStore(t);
  await store.upsertSubscribers(
    [
      { email: 'a@example.com', status: 'confirmed' },
      { email: 'b@example.com', status: 'confirmed' },
      { email: 'c@example.com' },
      { email: 'd@example.com', status: 'unsubscribed' },
    ],
    T0,
  );
  assert.deepEqual(await store.countSubscribersByStatus(), { pending: 1, confirmed: 2, unsubscribed: 1, bounced: 0 });
  assert.deepEqual((await store.listSubscribers({ status: 'confirmed' })).map((s) => s.email), ['a@example.com', 'b@example.com']);
  const b = await store.findSubscriberByEmail('b@example.com');
  assert.equal(await store.removeSubscriber(b!.id), true);
  assert.equal(await store.removeSubscriber(b!.id), false);
  assert.equal((await store.listSubscribers()).length, 3);
});

test('upsertSubscribers is all or nothing', async (t) => {
  const { store } = tempStore(t);
  await assert.rejects(() =>
    store.upsertSubscribers([{ email: 'ok@example.com' }, { email: 'bad@example.com', status: 'nonsense' as never }], T0),
  );
  assert.equal((await store.listSubscribers()).length, 0, 'the first row was rolled back');
});

test('resolveStorePath: flag, then env, then state/broadsheet.db beside the config', () => {
  const cwd = path.resolve('/work/here');
  const config = { root: path.resolve('/site') };
  assert.equal(resolveStorePath('x.db', { BROADSHEET_STORE: 'y.db' }, config, cwd), path.join(cwd, 'x.db'));
  assert.equal(resolveStorePath(undefined, { BROADSHEET_STORE: 'y.db' }, config, cwd), path.join(cwd, 'y.db'));
  assert.equal(resolveStorePath(undefined, { BROADSHEET_STORE: '' }, config, cwd), path.join('/site', 'state', 'broadsheet.db'));
  assert.equal(resolveStorePath(undefined, {}, undefined, cwd), path.join(cwd, 'state', 'broadsheet.db'));
  assert.equal(resolveStorePath('/abs/s.db', {}, config, cwd), path.resolve('/abs/s.db'));
});
