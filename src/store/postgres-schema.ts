import type pg from 'pg';
import { BroadsheetError } from '../errors.js';
import { assertNotNewer, readableFrom } from './migrations.js';

/**
 * The PostgreSQL schema as an ordered list of steps, like the SQLite one
 * (src/store/migrations.ts) and with the same meaning: the tables, constraints and
 * indexes differ only where PostgreSQL has a better type (timestamptz, text[]).
 * Everything lives in its own schema, `broadsheet`, so a database shared with other
 * applications never sees a table of ours named like one of theirs.
 * `broadsheet.migrations` records the steps applied. Append new steps; never edit a
 * released one.
 */
export const PG_SCHEMA = 'broadsheet';

export interface PgMigration {
  version: number;
  description: string;
  sql: string;
  /** As Migration.readersNeedNot: a read-only open of a store without this step still reads right. */
  readersNeedNot?: true;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'subscribers, editions, deliveries',
    sql: `
      CREATE TABLE ${PG_SCHEMA}.subscribers (
        id text PRIMARY KEY,
        email text NOT NULL,
        -- The address folded in JavaScript (emailKey: NFC + Unicode lower case), the same
        -- key as the SQLite store, so both stores agree on who is the same person.
        email_key text NOT NULL UNIQUE,
        name text,
        topics text[] NOT NULL DEFAULT '{}',
        status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced')),
        source text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        unsubscribed_at timestamptz,
        bounces integer NOT NULL DEFAULT 0 CHECK (bounces >= 0)
      );
      CREATE INDEX subscribers_status ON ${PG_SCHEMA}.subscribers (status, created_at);

      CREATE TABLE ${PG_SCHEMA}.editions (
        id text PRIMARY KEY,
        scheduled_at timestamptz NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        article_ids text[] NOT NULL,
        subject text,
        completed_at timestamptz
      );

      CREATE TABLE ${PG_SCHEMA}.deliveries (
        -- Planning order, which the due query keeps (SQLite's rowid).
        seq bigint GENERATED ALWAYS AS IDENTITY,
        edition_id text NOT NULL REFERENCES ${PG_SCHEMA}.editions (id) ON DELETE CASCADE,
        -- No foreign key to subscribers: removing a subscriber must not erase the record
        -- that an edition went (or is going) to them.
        subscriber_id text NOT NULL,
        email text NOT NULL,
        state text NOT NULL CHECK (state IN ('planned', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        message_id text NOT NULL UNIQUE,
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        sent_at timestamptz,
        PRIMARY KEY (edition_id, subscriber_id)
      );
      CREATE INDEX deliveries_due ON ${PG_SCHEMA}.deliveries (edition_id, next_attempt_at NULLS FIRST, seq) WHERE state = 'planned';
      CREATE INDEX deliveries_state ON ${PG_SCHEMA}.deliveries (edition_id, state);
    `,
  },
  {
    version: 2,
    description: 'subscribers in list order, for reading them a page at a time',
    readersNeedNot: true,
    sql: `
      CREATE INDEX subscribers_order ON ${PG_SCHEMA}.subscribers (created_at, email_key COLLATE "C");
      CREATE INDEX subscribers_status_order ON ${PG_SCHEMA}.subscribers (status, created_at, email_key COLLATE "C");
      DROP INDEX ${PG_SCHEMA}.subscribers_status;
    `,
  },
  {
    version: 3,
    description: 'deliveries remember when an operator re-queued them',
    readersNeedNot: true,
    sql: `
      ALTER TABLE ${PG_SCHEMA}.deliveries ADD COLUMN requeued_at timestamptz;
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

/** Any fixed number: the advisory lock that makes two first runs migrate one at a time. */
const MIGRATE_LOCK = 0x62736d67; // 'bsmg'

/** The schema version recorded in the database; 0 when Broadsheet never wrote to it. */
export async function pgSchemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('${PG_SCHEMA}.migrations') IS NOT NULL AS exists`);
  if (!rows[0]?.exists) return 0;
  const version = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${PG_SCHEMA}.migrations`);
  return version.rows[0]?.v ?? 0;
}

/**
 * Brings the database up to PG_SCHEMA_VERSION in one transaction, under an advisory
 * lock so that two processes starting on a fresh database do not both create the
 * tables. Refuses a database written by a newer Broadsheet. Returns the versions applied.
 */
export async function pgMigrate(client: pg.ClientBase, shown: string, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number[]> {
  // A current schema needs nothing, and no DDL: a role with only the grants on the
  // tables (no CREATE on the database) can use a store its owner created.
  const found = await pgSchemaVersion(client);
  assertNotNewer(found, migrations.length, shown);
  if (found === migrations.length) return [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${PG_SCHEMA}.migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const current = await pgSchemaVersion(client);
    assertNotNewer(current, migrations.length, shown);
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query(`INSERT INTO ${PG_SCHEMA}.migrations (version, description) VALUES ($1, $2)`, [m.version, m.description]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** For a read-only open: the schema must be there and current. */
export async function pgAssertCurrent(client: pg.ClientBase, shown: string): Promise<void> {
  const version = await pgSchemaVersion(client);
  assertNotNewer(version, PG_SCHEMA_VERSION, shown);
  if (version < readableFrom(PG_MIGRATIONS)) {
    throw new BroadsheetError({
      code: 'StoreOutdated',
      message: version === 0 ? 'The database holds no Broadsheet store yet' : `The store has schema version ${version}; this Broadsheet needs ${PG_SCHEMA_VERSION}`,
      file: shown,
      hint: 'Run any command that writes to the store (e.g. "broadsheet subscribers list") once to create or migrate it.',
    });
  }
}
