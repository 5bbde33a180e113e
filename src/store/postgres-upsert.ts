import type pg from 'pg';
import { emailKey } from './email-key.js';
import type { PgDb } from './postgres-db.js';
import type { PgSubscriberRow } from './postgres-rows.js';
import { PG_SCHEMA as S } from './postgres-schema.js';
import { newSubscriberRow, rowChanged, upsertedRow, type RowCodec } from './upsert-rules.js';
import type { SubscriberInput } from './types.js';

/** Rows per statement: big enough that a 100,000-address import is a few hundred round trips. */
const CHUNK = 2000;
/** Another process inserting one of our new addresses between our read and our insert: start over. */
const ATTEMPTS = 5;

class InsertRace extends Error {}

/**
 * Upserts `inputs` in one transaction, all or nothing, with the SQLite store's
 * semantics one input after the other (an address given twice is inserted, then
 * updated; each result is the row as that input left it). Set-based, so an import is a
 * few statements per 2,000 addresses rather than two round trips per address: the rows
 * for the addresses are read and locked (FOR UPDATE), the changes worked out here, then
 * inserted and updated with one statement each. A row another process inserts
 * meanwhile (not lockable before it exists) makes the insert come up short: the whole
 * transaction is rolled back and run again, and then it finds and locks that row.
 */
export async function upsertSubscriberRows(db: PgDb, inputs: readonly SubscriberInput[], now: Date): Promise<PgSubscriberRow[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.tx((client) => upsertIn(client, inputs, now));
    } catch (err) {
      if (!(err instanceof InsertRace) || attempt === ATTEMPTS) throw err;
    }
  }
}

async function upsertIn(client: pg.PoolClient, inputs: readonly SubscriberInput[], now: Date): Promise<PgSubscriberRow[]> {
  // In key order, so two transactions lock shared rows in the same order (no deadlock).
  const keys = [...new Set(inputs.map((i) => emailKey(i.email)))].sort();
  const rows = new Map<string, PgSubscriberRow>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK);
    const { rows: found } = await client.query<PgSubscriberRow>(
      `SELECT * FROM ${S}.subscribers WHERE email_key = ANY($1::text[]) ORDER BY email_key COLLATE "C" FOR UPDATE`,
      [chunk],
    );
    for (const r of found) rows.set(r.email_key, r);
  }
  const existing = new Map(rows);
  const created = new Map<string, PgSubscriberRow>();
  const results = inputs.map((input) => {
    const key = emailKey(input.email);
    const row = rows.get(key);
    const next = row ? merged(row, input, now) : newSubscriberRow(input, key, now, PG_CODEC);
    rows.set(key, next);
    if (!row || created.has(key)) created.set(key, next);
    return next;
  });
  const changed = [...rows.values()].filter((r) => !created.has(r.email_key) && r !== existing.get(r.email_key));
  const inserts = [...created.values()];
  for (let i = 0; i < inserts.length; i += CHUNK) await insert(client, inserts.slice(i, i + CHUNK));
  for (let i = 0; i < changed.length; i += CHUNK) await update(client, changed.slice(i, i + CHUNK));
  return results;
}

/** PostgreSQL rows: times as Date, topics as string[] (copies, never the caller's list). */
export const PG_CODEC: RowCodec<Date, string[]> = { ms: (t) => t.getTime(), time: (ms) => new Date(ms), list: (topics) => [...topics] };

/** `row` as `input` leaves it: the same object when nothing changes, else stamped `now`. */
function merged(row: PgSubscriberRow, input: SubscriberInput, now: Date): PgSubscriberRow {
  const next = upsertedRow(row, input, now, PG_CODEC);
  return rowChanged(row, next, PG_CODEC) ? { ...next, updated_at: now } : row;
}

async function insert(client: pg.PoolClient, rows: PgSubscriberRow[]): Promise<void> {
  const { rowCount } = await client.query(
    `INSERT INTO ${S}.subscribers (id, email, email_key, name, topics, status, source, created_at, updated_at, confirmed_at, unsubscribed_at, bounces)
     SELECT t.id, t.email, t.email_key, t.name, ARRAY(SELECT jsonb_array_elements_text(t.topics)), t.status, t.source, $8::timestamptz, $8::timestamptz, t.confirmed_at, t.unsubscribed_at, 0
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $9::timestamptz[], $10::timestamptz[])
       AS t(id, email, email_key, name, topics, status, source, confirmed_at, unsubscribed_at)
     ON CONFLICT (email_key) DO NOTHING`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.email),
      rows.map((r) => r.email_key),
      rows.map((r) => r.name),
      rows.map((r) => JSON.stringify(r.topics)),
      rows.map((r) => r.status),
      rows.map((r) => r.source),
      rows[0]?.created_at,
      rows.map((r) => r.confirmed_at),
      rows.map((r) => r.unsubscribed_at),
    ],
  );
  if (rowCount !== rows.length) throw new InsertRace('another process added one of these addresses meanwhile');
}

async function update(client: pg.PoolClient, rows: PgSubscriberRow[]): Promise<void> {
  await client.query(
    `UPDATE ${S}.subscribers s SET name = t.name, topics = ARRAY(SELECT jsonb_array_elements_text(t.topics)), status = t.status,
       updated_at = t.updated_at, confirmed_at = t.confirmed_at, unsubscribed_at = t.unsubscribed_at, bounces = t.bounces
     FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::int[])
       AS t(id, name, topics, status, updated_at, confirmed_at, unsubscribed_at, bounces)
     WHERE s.id = t.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.name),
      rows.map((r) => JSON.stringify(r.topics)),
      rows.map((r) => r.status),
      rows.map((r) => r.updated_at),
      rows.map((r) => r.confirmed_at),
      rows.map((r) => r.unsubscribed_at),
      rows.map((r) => r.bounces),
    ],
  );
}

