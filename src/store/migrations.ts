import type Database from 'better-sqlite3';
import { BroadsheetError } from '../errors.js';

/**
 * The SQLite schema as an ordered list of steps. `PRAGMA user_version` holds the
 * number of steps applied; opening a store applies the missing ones, each in its own
 * transaction with the version bump, so a crash mid-migration leaves the previous
 * version intact. Append new steps; never edit a released one.
 *
 * Times are integer milliseconds since the epoch (UTC) everywhere: they sort, compare
 * and index as numbers, and cannot disagree about offsets the way ISO strings can.
 */
export interface Migration {
  /** 1-based; equals the position in MIGRATIONS. */
  version: number;
  description: string;
  sql: string;
  /**
   * The step only adds what makes reading faster (an index), or a column that only
   * writers use: a read-only open of a store that lacks it still reads right, so `status`
   * or a preview right after an upgrade works before anything has written (and migrated)
   * the store.
   */
  readersNeedNot?: true;
}

/** The lowest schema version a read-only open can read: the last step readers need. */
export function readableFrom(migrations: ReadonlyArray<{ version: number; readersNeedNot?: true }>): number {
  return migrations.reduce((v, m) => (m.readersNeedNot ? v : Math.max(v, m.version)), 0);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'subscribers, editions, deliveries',
    sql: `
      CREATE TABLE subscribers (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        -- The address folded in JavaScript (NFC + Unicode lower case): SQLite's lower()
        -- and NOCASE fold ASCII only, so 'É@x' and 'é@x' would otherwise both get in.
        email_key TEXT NOT NULL,
        name TEXT,
        topics TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(topics) AND json_type(topics) = 'array'),
        status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'bounced')),
        source TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        confirmed_at INTEGER,
        unsubscribed_at INTEGER,
        bounces INTEGER NOT NULL DEFAULT 0 CHECK (bounces >= 0)
      );
      CREATE UNIQUE INDEX subscribers_email_key ON subscribers (email_key);
      CREATE INDEX subscribers_status ON subscribers (status, created_at);

      CREATE TABLE editions (
        id TEXT PRIMARY KEY,
        scheduled_at INTEGER NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        article_ids TEXT NOT NULL CHECK (json_valid(article_ids) AND json_type(article_ids) = 'array'),
        subject TEXT,
        completed_at INTEGER
      );

      CREATE TABLE deliveries (
        edition_id TEXT NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
        -- No foreign key to subscribers: removing a subscriber must not erase the record
        -- that an edition went (or is going) to them.
        subscriber_id TEXT NOT NULL,
        email TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('planned', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        message_id TEXT NOT NULL UNIQUE,
        next_attempt_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        sent_at INTEGER,
        PRIMARY KEY (edition_id, subscriber_id)
      );
      -- The due query: planned rows of one edition, never-tried (NULL) first, then by
      -- retry time, then in planning order (rowid breaks ties inside the index).
      CREATE INDEX deliveries_due ON deliveries (edition_id, next_attempt_at) WHERE state = 'planned';
      -- Unfinished editions and per-state counts.
      CREATE INDEX deliveries_state ON deliveries (edition_id, state);
    `,
  },
  {
    version: 2,
    description: 'subscribers in list order, for reading them a page at a time',
    readersNeedNot: true,
    sql: `
      -- subscriberPages walks (created_at, email_key) from a key on: without the address
      -- in the index every page sorted all the rows of one created time (an import).
      CREATE INDEX subscribers_order ON subscribers (created_at, email_key);
      CREATE INDEX subscribers_status_order ON subscribers (status, created_at, email_key);
      DROP INDEX subscribers_status;
    `,
  },
  {
    version: 3,
    description: 'deliveries remember when an operator re-queued them',
    // Only the send loop reads it (the give-up age of a re-queued delivery counts from
    // its re-queue, not from the edition's creation); status and previews never do.
    readersNeedNot: true,
    sql: `
      ALTER TABLE deliveries ADD COLUMN requeued_at INTEGER;
    `,
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Reads `PRAGMA user_version`. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to SCHEMA_VERSION. Refuses a database written by a newer
 * Broadsheet (its schema may mean things this build does not know). Returns the
 * versions applied.
 */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const target = migrations.length;
  const applied: number[] = [];
  // IMMEDIATE takes the write lock before reading the version, so two processes
  // opening a fresh file at once cannot both apply step 1.
  const step = db.transaction((m: Migration) => {
    if (schemaVersion(db) !== m.version - 1) return false;
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
    return true;
  });
  assertNotNewer(schemaVersion(db), target, file);
  for (const m of migrations) {
    if (m.version <= schemaVersion(db)) continue;
    if (step.immediate(m)) applied.push(m.version);
  }
  return applied;
}

/** Throws StoreTooNew when the file's schema is ahead of this build. */
export function assertNotNewer(version: number, target: number, file: string): void {
  if (version > target) {
    throw new BroadsheetError({
      code: 'StoreTooNew',
      message: `The store was written by a newer Broadsheet (schema version ${version}; this one knows up to ${target})`,
      file,
      hint: 'Upgrade Broadsheet, or point --store at another file. Do not downgrade a store in place.',
    });
  }
}
