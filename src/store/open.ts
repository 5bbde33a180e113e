import fs from 'node:fs';
import { isPostgresUrl } from './store-path.js';
import type { SendLockHolder } from '../delivery/send-lock.js';
import type { LoadableStore } from './types.js';

/**
 * The store at `location` (what resolveStorePath gives): a SQLite file, or a
 * PostgreSQL database for a `postgres://` URL. Each backend is loaded only when used,
 * so a SQLite user never loads the PostgreSQL client and the other way round.
 */
export async function openStore(location: string, options: { readonly?: boolean } = {}): Promise<LoadableStore> {
  if (isPostgresUrl(location)) return (await import('./postgres.js')).openPostgresStore(location, options);
  return (await import('./sqlite.js')).openSqliteStore(location, options);
}

/**
 * Whether a store exists at `location` yet, for the commands that must never create
 * one by reading (status, list, the due decision, preview): a SQLite file that exists;
 * a database where Broadsheet created its schema. An unreachable database is an error,
 * not "no store".
 */
export async function storeExists(location: string): Promise<boolean> {
  if (!isPostgresUrl(location)) return fs.existsSync(location);
  const { pgStoreExists } = await import('./postgres.js');
  return pgStoreExists(location);
}

/**
 * What makes two locations the same store: a database URL as given; a SQLite file by
 * its real path, so a symlink or a `..` detour names the same store as the plain path.
 */
export async function storeIdentity(location: string): Promise<string> {
  if (isPostgresUrl(location)) return location;
  return (await import('../delivery/send-lock.js')).sendLockFile(location);
}

/** Who holds the send lock of the store at `location` right now, without taking it. */
export async function sendLockHolder(location: string): Promise<SendLockHolder | undefined> {
  if (isPostgresUrl(location)) return (await import('./postgres-lock.js')).postgresSendLockHolder(location);
  return (await import('../delivery/send-lock.js')).readSendLock(location);
}

/**
 * Takes the one-sender-per-store lock (see acquireSendLock and acquirePostgresSendLock);
 * gives the release function. `onLost` hears if the lock is lost while held (a
 * PostgreSQL lock's connection ending); the run holding it must then stop.
 */
export async function acquireStoreSendLock(location: string, onLost?: (why: string) => void): Promise<() => Promise<void>> {
  if (isPostgresUrl(location)) return (await import('./postgres-lock.js')).acquirePostgresSendLock(location, onLost);
  const { acquireSendLock } = await import('../delivery/send-lock.js');
  const release = acquireSendLock(location);
  return async () => release();
}
