import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BroadsheetError } from '../errors.js';
import { assertNotNewer, migrate, MIGRATIONS, readableFrom, schemaVersion, SCHEMA_VERSION } from './migrations.js';
import { sqliteEditionStore } from './sqlite-editions.js';
import { sqliteSubscriberStore } from './sqlite-subscribers.js';
import { sqliteLoad } from './sqlite-load.js';
import { assertIntact, assertNotEmptyFile, assertWritable, storeDamaged } from './sqlite-check.js';
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
 * database, unreadable, read-only) are BroadsheetErrors naming the file. A damaged
 * store (an empty file, pages that fail SQLite's quick_check) is refused before
 * anything is written to it.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): LoadableStore {
  const readonly = options.readonly ?? false;
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  const db = openDatabase(file, readonly);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    // Before the first write (WAL mode, a migration): a damaged store is left as it is.
    assertIntact(db, file);
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
    removeEmptySidecars(sidecars);
    throw translate(err, file);
  }
}

/**
 * Opening a WAL-mode file makes its `-wal` and `-shm` files; a refused open (a damaged
 * store) removes the ones it made while the log is still empty, so the store's folder is
 * left exactly as it was found.
 */
function removeEmptySidecars(made: string[]): void {
  const wal = made.find((f) => f.endsWith('-wal'));
  if (wal && (fs.statSync(wal, { throwIfNoEntry: false })?.size ?? 0) > 0) return;
  for (const f of made) fs.rmSync(f, { force: true });
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
    assertNotEmptyFile(file);
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
    assertWritable(file);
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
  if (code === 'SQLITE_NOTADB') {
    return new BroadsheetError({
      code: 'StoreUnreadable',
      message: 'The store file is not a SQLite database Broadsheet can read',
      file,
      hint: 'Point --store (or BROADSHEET_STORE) at the right file. If this is where your store was, it was overwritten: restore it from your latest backup. Do not delete a store that holds your subscribers.',
    });
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT')) return storeDamaged(file, `SQLite cannot read it (${code}: ${err.message})`);
  if (code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_READONLY_CANTINIT') {
    return new BroadsheetError({
      code: 'StoreReadOnly',
      message: `The store's folder is read-only for this user, and SQLite must create ${path.basename(file)}-shm beside a WAL store even to read it`,
      file,
      hint: 'Run the command as a user who can write the folder, or copy the store (with its -wal file, if there is one) to a writable folder and point --store at the copy.',
    });
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_READONLY')) {
    return new BroadsheetError({
      code: 'StoreReadOnly',
      message: `The store is read-only for this user (${code}), and this command writes to it`,
      file,
      hint: 'Run the command as the user who owns the store, or make the file and its folder writable. "broadsheet status" and "subscribers list" read a store whose file alone is read-only.',
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
