import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { BroadsheetError } from '../errors.js';

/**
 * Checks that refuse a SQLite store which cannot be trusted, before anything is
 * written to it. A damaged store used anyway loses subscribers, or records deliveries
 * that never happened: the only safe move is to stop and restore a backup.
 */

const RESTORE = 'Restore the store from your latest backup (a copy of state/, or the state branch of the scheduled workflow) and run the command again; do not send from this file.';

/** Why a file is not a usable store, as a problem with the restore hint. */
export function storeDamaged(file: string, why: string): BroadsheetError {
  return new BroadsheetError({ code: 'StoreDamaged', message: `The store is damaged: ${why}`, file, hint: RESTORE });
}

/**
 * Refuses, before SQLite opens it, a file that exists but holds nothing: what a failed
 * restore, a copy cut short or a full disk leaves. SQLite would take it for a new,
 * empty database, and the next command would start a store with no subscribers.
 */
export function assertNotEmptyFile(file: string): void {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isFile() && stat.size === 0) {
    throw storeDamaged(file, 'the file is empty (0 bytes), as a failed restore or an interrupted copy leaves it');
  }
}

/**
 * Refuses a store this user cannot write, for the commands that write, with a message
 * that says so (SQLite alone reports it only at the first write, as an internal error
 * in the middle of the work). SQLite writes its journal beside the file, so the folder
 * must be writable too.
 */
export function assertWritable(file: string): void {
  const dir = path.dirname(path.resolve(file));
  const exists = fs.existsSync(file);
  const target = exists ? file : dir;
  for (const [what, p] of exists ? ([['file', file], ['folder', dir]] as const) : ([['folder', target]] as const)) {
    try {
      fs.accessSync(p, fs.constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue; // a folder not made yet is made by the open
      throw new BroadsheetError({
        code: 'StoreReadOnly',
        message: `The store's ${what} is read-only for this user (${code ?? 'error'}), and this command writes to the store`,
        file: p,
        hint: `Run it as the user who owns the store, or make the ${what} writable${what === 'folder' ? ' (SQLite keeps its journal beside the file)' : ''}. "broadsheet status" and "subscribers list" read a store whose file alone is read-only.`,
      });
    }
  }
}

/**
 * `PRAGMA quick_check`: reads every page and checks the b-trees' structure, without the
 * index-versus-table cross-check of integrity_check. Measured (bench/store-check.mjs,
 * warm cache) at 30-110 ms for 100,000 subscribers (26 MB) and 0.3-0.8 s with ten
 * editions of 100,000 deliveries each (190 MB), the higher figures on a busy two-core
 * machine; integrity_check takes five to six times as long. Cheap next to a send, so it
 * runs on every open.
 */
export function assertIntact(db: Database.Database, file: string): void {
  const rows = db.pragma('quick_check(20)', { simple: false }) as Array<Record<string, unknown>>;
  // One row per problem, though a row may hold several lines, headed by the database's name.
  const problems = rows
    .flatMap((r) => String(Object.values(r)[0] ?? '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== 'ok' && !/^\*\*\* in database \w+ \*\*\*$/.test(line));
  if (problems.length > 0) {
    const count = problems.length >= 20 ? 'at least 20 problems' : `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    throw storeDamaged(file, `SQLite's integrity check found ${count} (first: ${problems[0]})`);
  }
}
