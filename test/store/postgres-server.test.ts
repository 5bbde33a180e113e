import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import pg from 'pg';
import { usePostgres } from '../helpers/postgres.js';

/**
 * A client closed after the test. No 'error' listener on purpose: if the helper dropped the
 * database before this closes, FORCE would kill the connection and the test would fail.
 */
async function connect(t: TestContext, url: string): Promise<pg.Client> {
  const client = new pg.Client(url);
  await client.connect();
  t.after(() => client.end());
  return client;
}

test('the server answers on 127.0.0.1, is PostgreSQL 13 or newer, and is shared', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  const admin = await connect(t, server.adminUrl);
  const { rows } = await admin.query<{ version: string; listen: string; db: string; user: string }>(
    `SELECT current_setting('server_version_num') AS version, current_setting('listen_addresses') AS listen,
            current_database() AS db, current_user AS user`,
  );
  assert.ok(Number(rows[0]?.version) >= 130000, `server_version_num ${rows[0]?.version}`);
  assert.deepEqual({ listen: rows[0]?.listen, db: rows[0]?.db, user: rows[0]?.user }, {
    listen: '127.0.0.1',
    db: 'postgres',
    user: 'broadsheet',
  });
  assert.equal((await usePostgres(t))?.adminUrl, server.adminUrl);
});

test('each database(t) is a fresh database of its own', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  const urlA = await server.database(t);
  const urlB = await server.database(t);
  assert.notEqual(urlA, urlB);
  const a = await connect(t, urlA);
  const b = await connect(t, urlB);
  const tables = `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`;
  assert.equal((await a.query(tables)).rows[0].n, 0, 'a new database has no tables');

  await a.query(`CREATE TABLE note (body text)`);
  await a.query(`INSERT INTO note VALUES ('only in A')`);
  assert.equal((await a.query(`SELECT to_regclass('public.note') AS t`)).rows[0].t, 'note');
  assert.equal((await b.query(`SELECT to_regclass('public.note') AS t`)).rows[0].t, null);

  // urlFor names the same database that database(t) returned.
  const nameA = (await a.query(`SELECT current_database() AS db`)).rows[0].db as string;
  assert.match(nameA, /^bs_[0-9a-f]+$/);
  const again = await connect(t, server.urlFor(nameA));
  assert.deepEqual((await again.query(`SELECT body FROM note`)).rows, [{ body: 'only in A' }]);
});

let droppedName: string | undefined;

test('a database exists during its test', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  const db = await connect(t, await server.database(t));
  droppedName = (await db.query(`SELECT current_database() AS db`)).rows[0].db as string;
  const admin = await connect(t, server.adminUrl);
  const found = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [droppedName]);
  assert.equal(found.rowCount, 1);
});

test('... and is dropped once its test has ended', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  assert.ok(droppedName, 'the previous test ran');
  const admin = await connect(t, server.adminUrl);
  const found = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [droppedName]);
  assert.equal(found.rowCount, 0);
});

test('a database is UTF-8: Chinese text and an emoji come back byte for byte', async (t) => {
  const server = await usePostgres(t);
  if (!server) return;
  const db = await connect(t, await server.database(t));
  const { rows: enc } = await db.query(
    `SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()`,
  );
  assert.equal(enc[0].encoding, 'UTF8');

  const text = '每日新闻简报 📰 café';
  await db.query(`CREATE TABLE t (body text)`);
  await db.query(`INSERT INTO t VALUES ($1)`, [text]);
  const { rows } = await db.query(`SELECT body, char_length(body) AS chars, octet_length(body) AS bytes FROM t`);
  assert.deepEqual(Buffer.from(rows[0].body, 'utf8'), Buffer.from(text, 'utf8'));
  // SQL_ASCII would round-trip the bytes too; only UTF-8 counts 📰 as one character.
  assert.equal(rows[0].chars, [...text].length);
  assert.equal(rows[0].bytes, Buffer.byteLength(text, 'utf8'));
});
