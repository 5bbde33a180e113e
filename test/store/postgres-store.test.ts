import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import pg from 'pg';
import { BroadsheetError } from '../../src/errors.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from '../../src/store/postgres-schema.js';
import type { Store } from '../../src/store/types.js';
import { usePostgres } from '../helpers/postgres.js';

// What only the PostgreSQL store has: a schema of its own, migrations under an advisory
// lock, connection errors, and concurrency between pools. The behaviour any store shares
// is in contract.ts (postgres-contract.test.ts runs it here).

const T0 = new Date('2025-06-16T08:00:00Z');
const later = (s: number): Date => new Date(T0.getTime() + s * 1000);
const PASSWORD = 's3cr3t';

/** Runs one query on a connection of its own (closed before it returns). */
async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string, values?: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const tablesIn = async (url: string, schema: string): Promise<string[]> =>
  (await sql<{ name: string }>(url, `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [schema])).map((r) => r.name);

const migrationRows = async (url: string): Promise<Array<{ version: number; applied_at: Date }>> =>
  sql(url, 'SELECT version, applied_at FROM broadsheet.migrations ORDER BY version');

/** Whether `fn` rejects with a BroadsheetError whose first problem has `code`; gives it. */
async function rejectsWith(fn: () => Promise<unknown>, code: string): Promise<BroadsheetError> {
  let caught: unknown;
  await assert.rejects(fn, (err: unknown) => {
    caught = err;
    return err instanceof BroadsheetError && err.problems[0]?.code === code;
  });
  return caught as BroadsheetError;
}

test('PostgreSQL migrations are numbered in order', () => {
  PG_MIGRATIONS.forEach((m, i) => assert.equal(m.version, i + 1));
  assert.equal(PG_SCHEMA_VERSION, PG_MIGRATIONS.length);
});

test('a fresh database is migrated into schema broadsheet, and reopening applies nothing twice', async (t) => {
  const url = await (await usePostgres(t))?.database(t);
  if (!url) return;
  const store = await openPostgresStore(url);
  await store.upsertSubscriber({ email: 'a@example.com' }, T0);
  await store.close();

  assert.deepEqual(await tablesIn(url, 'broadsheet'), ['deliveries', 'editions', 'migrations', 'subscribers']);
  assert.deepEqual(await tablesIn(url, 'public'), [], 'nothing of ours in public');
  const first = await migrationRows(url);
  assert.deepEqual(first.map((r) => r.version), PG_MIGRATIONS.map((m) => m.version));

  const again = await openPostgresStore(url);
  t.after(() => again.close());
  assert.deepEqual(await migrationRows(url), first, 'no step applied again');
  assert.equal((await again.listSubscribers()).length, 1, 'data survives the reopen');
  assert.equal((await again.findSubscriberByEmail('A@EXAMPLE.COM'))?.email, 'a@example.com');
});

test('two stores opening one fresh database at the same moment both succeed; the schema is created once', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  // A few rounds, each on a fresh database: the openings must collide to mean anything.
  for (let round = 0; round < 3; round++) {
    const url: string = await server.database(t);
    const stores = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    for (const s of stores) t.after(() => s.close());
    assert.deepEqual((await migrationRows(url)).map((r) => r.version), PG_MIGRATIONS.map((m) => m.version), 'each step recorded once');
    assert.deepEqual(await tablesIn(url, 'broadsheet'), ['deliveries', 'editions', 'migrations', 'subscribers']);
    const [a, b] = stores as [Store, Store];
    const written = await a.upsertSubscriber({ email: `r${round}@example.com` }, T0);
    assert.equal((await b.getSubscriber(written.id))?.email, `r${round}@example.com`, 'both stores use the one schema');
  }
});

test('a database written by a newer Broadsheet is refused with StoreTooNew, untouched', async (t) => {
  const url = await (await usePostgres(t))?.database(t);
  if (!url) return;
  await sql(url, `CREATE SCHEMA broadsheet;
    CREATE TABLE broadsheet.migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
    INSERT INTO broadsheet.migrations (version, description) VALUES (${PG_SCHEMA_VERSION + 1}, 'from the future')`);
  const before = await sql(url, 'SELECT * FROM broadsheet.migrations');

  for (const options of [{}, { readonly: true }]) {
    const err = await rejectsWith(() => openPostgresStore(url, options), 'StoreTooNew');
    assert.equal(err.problems[0]?.file, url, JSON.stringify(options));
  }
  assert.deepEqual(await tablesIn(url, 'broadsheet'), ['migrations'], 'no table created');
  assert.deepEqual(await sql(url, 'SELECT * FROM broadsheet.migrations'), before, 'no step recorded');
});

test('readonly open of a database without the schema is StoreOutdated and creates nothing', async (t) => {
  const url = await (await usePostgres(t))?.database(t);
  if (!url) return;
  const err = await rejectsWith(() => openPostgresStore(url, { readonly: true }), 'StoreOutdated');
  assert.equal(err.problems[0]?.file, url);
  const [row] = await sql<{ subscribers: string | null; migrations: string | null; schema: string | null }>(
    url,
    `SELECT to_regclass('broadsheet.subscribers')::text AS subscribers, to_regclass('broadsheet.migrations')::text AS migrations,
            (SELECT nspname::text FROM pg_namespace WHERE nspname = 'broadsheet') AS schema`,
  );
  assert.deepEqual(row, { subscribers: null, migrations: null, schema: null });
});

test('a readonly store reads a current database and refuses writes, as a readonly SQLite file does', async (t) => {
  const url = await (await usePostgres(t))?.database(t);
  if (!url) return;
  const writer = await openPostgresStore(url);
  t.after(() => writer.close());
  await writer.upsertSubscriber({ email: 'r@example.com', status: 'confirmed' }, T0);
  const reader = await openPostgresStore(url, { readonly: true });
  t.after(() => reader.close());
  assert.equal((await reader.countSubscribersByStatus()).confirmed, 1);
  await assert.rejects(() => reader.upsertSubscriber({ email: 'x@example.com' }, T0));
  assert.equal((await writer.listSubscribers()).length, 1, 'nothing written through the readonly store');
});

test('an unreachable server and a missing database are StoreUnreachable, never showing the password', async (t) => {
  const closedPort = await new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const urls = [
    `postgres://broadsheet:${PASSWORD}@127.0.0.1:${closedPort}/broadsheet`,
    `postgres://broadsheet@127.0.0.1:${closedPort}/broadsheet?password=${PASSWORD}`,
  ];
  const server = await usePostgres(t);
  if (server) {
    const missing = new URL(server.urlFor('bs_no_such_database'));
    missing.password = PASSWORD;
    urls.push(missing.toString());
  }
  for (const url of urls) {
    const err = await rejectsWith(() => openPostgresStore(url), 'StoreUnreachable');
    const shown = JSON.stringify(err.problems);
    assert.ok(!shown.includes(PASSWORD), `problems show the password: ${shown}`);
    assert.ok(!err.message.includes(PASSWORD), `message shows the password: ${err.message}`);
    assert.ok(err.problems[0]?.file?.startsWith('postgres://broadsheet'), `names the store: ${err.problems[0]?.file}`);
  }
  if (server) {
    const err = await rejectsWith(() => openPostgresStore(urls[2]!), 'StoreUnreachable');
    assert.match(err.problems[0]?.message ?? '', /bs_no_such_database/, 'says which database is missing');
  }
});

test('two stores upserting the same addresses at once, in varying case, end with one row each', async (t) => {
  const url = await (await usePostgres(t))?.database(t);
  if (!url) return;
  const stores = await Promise.all([openPostgresStore(url, { maxConnections: 10 }), openPostgresStore(url, { maxConnections: 10 })]);
  for (const s of stores) t.after(() => s.close());
  const cases = [(l: string, d: string) => `${l}@${d}`, (l: string, d: string) => `${l.toUpperCase()}@${d}`, (l: string, d: string) => `${l}@${d.toUpperCase()}`];
  // 2 stores × 50 calls in flight at once over 10 addresses; half ask for `confirmed`.
  const results = await Promise.all(
    stores.flatMap((store, s) =>
      Array.from({ length: 50 }, (_, i) =>
        store.upsertSubscriber({ email: cases[(i + s) % 3]!(`a${i % 10}`, 'x.com'), status: i % 2 === s ? 'confirmed' : 'pending' }, T0),
      ),
    ),
  );
  const [{ n }] = (await sql<{ n: number }>(url, 'SELECT count(*)::int AS n FROM broadsheet.subscribers')) as [{ n: number }];
  assert.equal(n, 10);
  const ids = new Map<string, Set<string>>();
  for (const r of results) ids.set(r.email.toLowerCase(), (ids.get(r.email.toLowerCase()) ?? new Set()).add(r.id));
  assert.equal(ids.size, 10);
  for (const [email, set] of ids) assert.equal(set.size, 1, `${email}: one subscriber for every upsert`);
  const listed = await stores[0]!.listSubscribers();
  assert.equal(listed.length, 10);
  assert.ok(listed.every((s) => s.status === 'confirmed' && s.confirmedAt !== null), 'confirmed, never downgraded by a racing pending');
});

test('markSentMany rolls the whole batch back when one of it is already sent', async (t) => {
  const url = await (await usePostgres(t))?.database(t);
  if (!url) return;
  const store = await openPostgresStore(url);
  t.after(() => store.close());
  await store.createEdition({ id: 'e1', scheduledAt: T0, articleIds: ['a1'] }, T0);
  const subs = await store.upsertSubscribers(Array.from({ length: 5 }, (_, i) => ({ email: `m${i}@example.com`, status: 'confirmed' as const })), T0);
  const ids = subs.map((s) => s.id);
  await store.planDeliveries('e1', subs.map((s) => ({ subscriberId: s.id, email: s.email, messageId: `<e1.${s.id}@x>` })), T0);
  assert.deepEqual(await store.markSendingMany('e1', ids, T0), ids);
  await store.markSent('e1', ids[2]!, later(1));

  const states = async () =>
    new Map(
      (await sql<{ id: string; state: string; sent_at: Date | null; updated_at: Date }>(
        url,
        'SELECT subscriber_id AS id, state, sent_at, updated_at FROM broadsheet.deliveries WHERE edition_id = $1',
        ['e1'],
      )).map((r) => [r.id, [r.state, r.sent_at?.getTime() ?? null, r.updated_at.getTime()]]),
    );
  const before = await states();
  // The sent one in the middle: ids before and after it were updated by the same statement.
  await assert.rejects(() => store.markSentMany('e1', [ids[0]!, ids[1]!, ids[2]!, ids[3]!], later(2)), /already sent/);
  assert.deepEqual(await states(), before, 'no row of the batch changed');
  assert.deepEqual(before.get(ids[0]!), ['sending', null, T0.getTime()]);
  assert.deepEqual(before.get(ids[2]!), ['sent', later(1).getTime(), later(1).getTime()]);
});

test('a server that accepts the connection and never answers is StoreUnreachable after the connect timeout, not a hang', async (t) => {
  // No PostgreSQL needed: a TCP listener that says nothing, like a host behind a firewall
  // that swallows packets or a server stuck in recovery.
  const silent = net.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const sockets: net.Socket[] = [];
  silent.on('connection', (s) => sockets.push(s));
  t.after(() => {
    for (const s of sockets) s.destroy();
    silent.close();
  });
  const { port } = silent.address() as net.AddressInfo;
  const started = Date.now();
  const err = await rejectsWith(() => openPostgresStore(`postgres://broadsheet:${PASSWORD}@127.0.0.1:${port}/db`, { connectTimeoutMs: 300 }), 'StoreUnreachable');
  const took = Date.now() - started;
  assert.ok(took >= 250 && took < 5000, `gave up after ${took} ms`);
  assert.match(err.problems[0]?.message ?? '', /timeout/i);
  assert.ok(!JSON.stringify(err.problems).includes(PASSWORD));
});

test('a role with only table grants (no CREATE on the database) uses a store its owner created', async (t) => {
  const server = await usePostgres(t);
  const url = await server?.database(t);
  if (!server || !url) return;
  const owner = await openPostgresStore(url);
  await owner.upsertSubscriber({ email: 'first@example.com', status: 'confirmed' }, T0);
  await owner.close();
  // Roles belong to the whole server: a unique name, dropped with what it owns.
  const role = `bs_app_${Math.random().toString(36).slice(2, 10)}`;
  await sql(url, `CREATE ROLE ${role} LOGIN`);
  t.after(async () => {
    await sql(url, `DROP OWNED BY ${role}`);
    await sql(server.adminUrl, `DROP ROLE ${role}`);
  });
  await sql(url, `REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await sql(url, `GRANT USAGE ON SCHEMA broadsheet TO ${role}`);
  await sql(url, `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA broadsheet TO ${role}`);
  await sql(url, `GRANT USAGE ON ALL SEQUENCES IN SCHEMA broadsheet TO ${role}`);
  const [{ can } = { can: true }] = await sql<{ can: boolean }>(url, `SELECT has_database_privilege('${role}', current_database(), 'CREATE') AS can`);
  assert.equal(can, false, 'the role cannot create schemas');

  const asApp = new URL(url);
  asApp.username = role;
  const store: Store = await openPostgresStore(asApp.toString());
  try {
    const [s] = await store.upsertSubscribers([{ email: 'second@example.com', status: 'confirmed' }], later(1));
    await store.createEdition({ id: 'e1', scheduledAt: T0, articleIds: ['a'] }, later(2));
    await store.planDeliveries('e1', [{ subscriberId: s!.id, email: s!.email, messageId: '<m1@example.com>' }], later(2));
    assert.deepEqual(await store.markSendingMany('e1', [s!.id], later(3)), [s!.id]);
    await store.markSentMany('e1', [s!.id], later(4));
    assert.equal(await store.completeEditionIfDone('e1', later(5)), true);
    assert.equal((await store.listSubscribers()).length, 2);
  } finally {
    await store.close();
  }
});

test('a database from before an index-only step reads fine read-only, and the next write migrates it', async (t) => {
  const url = await (await usePostgres(t))?.database(t);
  if (!url) return;
  const { pgMigrate } = await import('../../src/store/postgres-schema.js');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    assert.deepEqual(await pgMigrate(client, 'test', PG_MIGRATIONS.slice(0, 1)), [1]);
  } finally {
    await client.end();
  }
  assert.ok(PG_MIGRATIONS[1]?.readersNeedNot, 'step 2 only adds indexes');
  const reader = await openPostgresStore(url, { readonly: true });
  try {
    assert.deepEqual(await reader.countSubscribersByStatus(), { pending: 0, confirmed: 0, unsubscribed: 0, bounced: 0 });
  } finally {
    await reader.close();
  }
  assert.deepEqual((await migrationRows(url)).map((r) => r.version), [1], 'reading migrated nothing');
  await (await openPostgresStore(url)).close();
  assert.deepEqual((await migrationRows(url)).map((r) => r.version), PG_MIGRATIONS.map((m) => m.version));
});
