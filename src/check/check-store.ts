import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Problem } from '../errors.js';
import { MIGRATIONS, readableFrom, SCHEMA_VERSION } from '../store/migrations.js';
import { isPostgresUrl, shownStore } from '../store/store-path.js';
import { BroadsheetError } from '../errors.js';

/**
 * The store's schema version and, for SQLite, its integrity (`PRAGMA quick_check`),
 * read without writing: no migration, no WAL switch, nothing created. A store that
 * does not exist yet is no problem: nothing has been recorded.
 */
export async function checkStore(location: string, shown: (file: string) => string): Promise<{ problems: Problem[]; checked: boolean }> {
  if (isPostgresUrl(location)) return checkPostgres(location);
  if (!fs.existsSync(location)) return { problems: [], checked: false };
  const file = shown(location);
  let db: Database.Database | undefined;
  try {
    if (fs.statSync(location).isDirectory()) {
      return { problems: [{ code: 'StoreUnreadable', message: 'This is a folder, not a store file', file, hint: 'Point --store (or BROADSHEET_STORE) at the SQLite file itself.' }], checked: true };
    }
    db = openWithoutWriting(location);
    const version = db.pragma('user_version', { simple: true }) as number;
    const problems: Problem[] = [];
    if (version > SCHEMA_VERSION) {
      problems.push({ code: 'StoreTooNew', message: `The store was written by a newer Broadsheet (schema version ${version}; this one knows up to ${SCHEMA_VERSION})`, file, hint: 'Upgrade Broadsheet; do not downgrade a store in place.' });
    } else if (version < readableFrom(MIGRATIONS)) {
      problems.push({ code: 'StoreOutdated', message: `The store has schema version ${version}; this Broadsheet needs ${SCHEMA_VERSION}`, file, hint: 'Run any command that writes to the store (e.g. "broadsheet subscribers list") once to migrate it.' });
    }
    const rows = db.pragma('quick_check(20)') as Array<{ quick_check: string }>;
    const bad = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    for (const message of bad) {
      problems.push({ code: 'StoreCorrupt', message: `SQLite integrity check: ${message}`, file, hint: 'Restore the store from a backup (the state branch keeps its history), or recover it with the sqlite3 ".recover" command.' });
    }
    return { problems, checked: true };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return {
      problems: [{ code: 'StoreUnreadable', message: `The store cannot be read as a SQLite database (${String(code ?? (err as Error).message)})`, file, hint: 'Point --store (or BROADSHEET_STORE) at the right file; do not delete a store that holds your subscribers.' }],
      checked: true,
    };
  } finally {
    db?.close();
  }
}

/**
 * A read-only connection to a WAL database still creates its -wal and -shm files.
 * When they are absent (the store was closed cleanly), read a copy of the file in
 * memory instead, so that checking leaves the folder exactly as it was. A copy of a
 * WAL-mode file opens only once its header says "rollback journal" (bytes 18-19).
 */
function openWithoutWriting(location: string): Database.Database {
  const wal = fs.statSync(`${location}-wal`, { throwIfNoEntry: false });
  if (wal && wal.size > 0) return new Database(location, { readonly: true, fileMustExist: true });
  const bytes = fs.readFileSync(location);
  if (bytes.length >= 100 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  return new Database(bytes);
}

async function checkPostgres(location: string): Promise<{ problems: Problem[]; checked: boolean }> {
  const { storeExists, openStore } = await import('../store/open.js');
  try {
    if (!(await storeExists(location))) return { problems: [], checked: false };
    // A read-only open checks the schema version and changes nothing.
    const store = await openStore(location, { readonly: true });
    await store.close();
    return { problems: [], checked: true };
  } catch (err) {
    if (err instanceof BroadsheetError) return { problems: err.problems.map((p) => ({ ...p, file: p.file ?? shownStore(location) })), checked: true };
    return { problems: [{ code: 'StoreUnreachable', message: `Cannot reach the store: ${(err as Error).message}`, file: shownStore(location), hint: 'Check BROADSHEET_STORE and that the database is running.' }], checked: true };
  }
}
