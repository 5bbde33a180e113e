import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { openSqliteStore, type SqliteStoreOptions } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

/** A fresh temp folder removed after the test. */
export function tempDir(t: TestContext, prefix = 'broadsheet-store-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real SQLite store in a temp folder, closed after the test. */
export function tempStore(t: TestContext, options: SqliteStoreOptions = {}): { store: Store; file: string } {
  const file = path.join(tempDir(t), 'state', 'broadsheet.db');
  const store = openSqliteStore(file, options);
  t.after(() => store.close());
  return { store, file };
}

export const at = (iso: string): Date => new Date(iso);
