import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BroadsheetError } from '../errors.js';
import { assertNotNewer, migrate, MIGRATIONS, readableFrom, schemaVersion, SCHEMA_VERSION } from './migrations.js';
import { sqliteEditionStore } from './sqlite-editions.js';
import { sqliteSubscriberStore } from './sqlite-subscribers.js';
import { sqliteLoad } from './sqlite-load.js';
import type { LoadableStore } from './types.js';

export { resolveStorePath, DEFAULT_STORE_FILE } from './store-path.js';

export interface SqliteStoreOptions {
  /** Open without writing: no folder, no migration; the file must exist and be current. */
  readonly?: boolean;
  /**
   * `full` (default): every commit is fsync'ed, so a delivery recorded as `sending` or
   * `sent` survives a power loss or kernel crash, not only a killed process. Measured
   * at about 0.2 ms per commit on an SSD, i.e. well under a millisecond per message at
   * two commits each. `normal` survives `kill -9` too (WAL pages reach the OS before
   * the commit returns) but may lose the last commits on power loss, which could
   * resend mail; use it only for throwaway stores (tests, benchmarks of other parts).
   */
  durability?: 'full' | 'normal';
  /** How long a write waits for another process's lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating when needed) the SQLite store at `file` and brings its schema up to
 * date. WAL journal, foreign keys on. Problems a person can fix (newer schema, not a
 * database, unreadable) are BroadsheetErrors naming the file.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): LoadableStore {
  const readonly = options.readonly ?? false;
  const db = openDatabase(file, readonly);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma('foreign_keys = ON');
    if (readonly) {
      const version = schemaVersion(db);
      assertNotNewer(version, SCHEMA_VERSION, file);
      if (version < readableFrom(MIGRATIONS)) {
        throw new BroadsheetError({
          code: 'StoreOutdated',
          message: `The store has schema version ${version}; this Broadsheet needs ${SCHEMA_VERSION}`,
          file,
          hint: 'Run any command that writes to the store (e.g. "broadsheet subscribers list") once to migrate it.',
        });
      }
    } else {
      db.pragma('journal_mode = WAL');
      migrate(db, file);
    }
    db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
    return {
      ...sqliteSubscriberStore(db),
      ...sqliteEditionStore(db),
      load: sqliteLoad(db, file),
      async close() {
        if (db.open) db.close();
      },
    };
  } catch (err) {
    db.close();
    throw translate(err, file);
  }
}

function openDatabase(file: string, readonly: boolean): Database.Database {
  try {
    // SQLite reports a folder as a disk I/O error (read-only) or CANTOPEN: say what it is.
    if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
      throw new BroadsheetError({
        code: 'StoreUnreadable',
        message: 'This is a folder, not a store file',
        file,
        hint: 'Point --store (or BROADSHEET_STORE) at the SQLite file itself, e.g. state/broadsheet.db.',
      });
    }
    if (readonly) {
      if (!fs.existsSync(file)) {
        throw new BroadsheetError({
          code: 'StoreNotFound',
          message: 'No store file here yet',
          file,
          hint: 'Nothing has been recorded yet. Add subscribers or run "broadsheet send" first, or check --store / BROADSHEET_STORE.',
        });
      }
      return new Database(file, { readonly: true, fileMustExist: true });
    }
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new Database(file);
  } catch (err) {
    throw translate(err, file);
  }
}

/** SQLite's own errors about the file become problems a person can act on. */
function translate(err: unknown, file: string): unknown {
  if (err instanceof BroadsheetError || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new BroadsheetError({
      code: 'StoreUnreadable',
      message: 'The store file is not a SQLite database Broadsheet can read',
      file,
      hint: 'Point --store (or BROADSHEET_STORE) at the right file; do not delete a store that holds your subscribers.',
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR') {
    return new BroadsheetError({
      code: 'StoreUnreadable',
      message: `Cannot open the store (${String(code)}: ${err.message})`,
      file,
      hint: 'Check that the folder exists and is writable by this user.',
    });
  }
  return err;
}
