import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, resolveStorePath } from '../../src/store/sqlite.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { BroadsheetError } from '../../src/errors.js';
import { at, tempDir, tempStore } from './temp-store.js';

// What any store does with subscribers is in contract.ts (run for every backend); what
// stays here is the SQLite file itself: its migrations, its errors, readonly, its path.

const T0 = at('2025-06-16T08:00:00Z');

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
  // A database written before any migration ran (schema version 0); an empty file is a damaged store instead.
  const before = new Database(old);
  before.exec('CREATE TABLE notes (x)');
  before.close();
  assert.throws(() => openSqliteStore(old, { readonly: true }), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'StoreOutdated');
  const empty = path.join(dir, 'empty.db');
  new Database(empty).close();
  assert.throws(() => openSqliteStore(empty, { readonly: true }), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'StoreDamaged');
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

test('resolveStorePath: flag, then env, then state/broadsheet.db beside the config', () => {
  const cwd = path.resolve('/work/here');
  const config = { root: path.resolve('/site') };
  assert.equal(resolveStorePath('x.db', { BROADSHEET_STORE: 'y.db' }, config, cwd), path.join(cwd, 'x.db'));
  assert.equal(resolveStorePath(undefined, { BROADSHEET_STORE: 'y.db' }, config, cwd), path.join(cwd, 'y.db'));
  assert.equal(resolveStorePath(undefined, { BROADSHEET_STORE: '' }, config, cwd), path.join('/site', 'state', 'broadsheet.db'));
  assert.equal(resolveStorePath(undefined, {}, undefined, cwd), path.join(cwd, 'state', 'broadsheet.db'));
  assert.equal(resolveStorePath('/abs/s.db', {}, config, cwd), path.resolve('/abs/s.db'));
});

test('a store from before an index-only step reads fine read-only (status after an upgrade), and the next write migrates it', async (t) => {
  const file = path.join(tempDir(t), 'v1.db');
  const db = new Database(file);
  migrate(db, file, MIGRATIONS.slice(0, 1));
  db.prepare(
    `INSERT INTO subscribers (id, email, email_key, name, topics, status, source, created_at, updated_at, bounces)
     VALUES ('s1', 'a@example.com', 'a@example.com', NULL, '[]', 'confirmed', 'cli', 1, 1, 0)`,
  ).run();
  db.close();
  assert.ok(MIGRATIONS[1]?.readersNeedNot, 'step 2 only adds indexes');

  const reader = openSqliteStore(file, { readonly: true });
  const pages: string[] = [];
  for await (const page of reader.subscriberPages({ status: 'confirmed' }, 10)) pages.push(...page.map((s) => s.email));
  assert.deepEqual(pages, ['a@example.com']);
  await reader.close();

  const check = new Database(file, { readonly: true });
  assert.equal(check.pragma('user_version', { simple: true }), 1, 'reading migrated nothing');
  check.close();
  const writer = openSqliteStore(file);
  await writer.close();
  const after = new Database(file, { readonly: true });
  t.after(() => after.close());
  assert.equal(after.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  assert.ok(after.prepare("SELECT 1 FROM sqlite_master WHERE name = 'subscribers_status_order'").get(), 'the index is there now');
});

test('a store from before the re-queue column reads fine read-only, pending groups included, and the next write migrates it', async (t) => {
  const file = path.join(tempDir(t), 'v2.db');
  const db = new Database(file);
  migrate(db, file, MIGRATIONS.slice(0, 2));
  db.exec(`
    INSERT INTO editions (id, scheduled_at, created_at, article_ids, subject) VALUES ('e1', 1, 1, '[]', NULL);
    INSERT INTO deliveries (edition_id, subscriber_id, email, state, attempts, last_error, message_id, next_attempt_at, created_at, updated_at)
      VALUES ('e1', 's1', 'a@example.com', 'planned', 1, '451 try later', '<m1@x>', 5000, 1, 1);
  `);
  db.close();
  assert.ok(MIGRATIONS[2]?.readersNeedNot, 'step 3 adds a column only writers use');

  const reader = openSqliteStore(file, { readonly: true });
  const groups = await reader.pendingByReply();
  assert.deepEqual(groups.map((g) => [g.editionId, g.lastError, g.planned, g.nextAttemptAt?.getTime()]), [['e1', '451 try later', 1, 5000]]);
  await reader.close();

  const writer = openSqliteStore(file);
  assert.equal(await writer.giveUpDeliveries('e1', new Date(1), 'gave up', new Date(10)), 1, 'the migrated store gives up by the edition\'s age');
  await writer.close();
  const after = new Database(file, { readonly: true });
  t.after(() => after.close());
  assert.equal(after.pragma('user_version', { simple: true }), SCHEMA_VERSION);
});
