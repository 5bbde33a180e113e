import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BroadsheetError } from '../errors.js';

/** A live sender refreshes its lock this often… */
const HEARTBEAT_MS = 30_000;
/** …so a lock untouched for this long belongs to nobody, whatever its pid says. */
const STALE_MS = 5 * 60_000;

/**
 * One sender per store at a time. The crash policy re-sends deliveries found `sending`,
 * which is only right when the run that claimed them is dead; a lock file next to the
 * store makes sure it is. The file holds the owner's pid and host and is touched every
 * 30 s. It is stale — and taken over — when its process is gone (kill -9, reboot), when
 * it was written on another host, or when nobody touched it for five minutes (a reused
 * pid in a container cannot keep a dead lock alive).
 */
export function acquireSendLock(storeFile: string, now: () => number = Date.now): () => void {
  // The first run on a fresh clone: the store's folder does not exist yet.
  guardWrite(storeFile, () => fs.mkdirSync(path.dirname(storeFile), { recursive: true }));
  const file = sendLockFile(storeFile);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = guardWrite(storeFile, () => fs.openSync(file, 'wx'));
      fs.writeSync(fd, `${process.pid} ${os.hostname()}\n`);
      fs.closeSync(fd);
      const heartbeat = setInterval(() => touch(file), HEARTBEAT_MS);
      heartbeat.unref();
      return () => {
        clearInterval(heartbeat);
        try {
          if (owner(file)?.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const held = owner(file);
      if (held && held.pid !== process.pid && held.host === os.hostname() && isAlive(held.pid) && now() - held.touched < STALE_MS) {
        throw new BroadsheetError({
          code: 'SendRunning',
          message: `Another "broadsheet send" (pid ${held.pid}) is sending from this store`,
          file,
          hint: 'Wait for it to finish. If no such process exists, delete the lock file.',
        });
      }
      try {
        fs.unlinkSync(file); // stale: its owner is gone
      } catch {
        // Someone else removed it first; try again.
      }
    }
  }
  throw new BroadsheetError({ code: 'SendRunning', message: 'Could not take the send lock', file, hint: 'Another send may be starting; try again.' });
}

/**
 * The lock file of the store at `storeFile`, named after the file's real path: the same
 * store reached through a symlink (to the file or to a folder above it) or a relative
 * path gets the same lock, so it cannot run two senders. A store not created yet is
 * named by its folder's real path.
 */
export function sendLockFile(storeFile: string): string {
  const resolved = path.resolve(storeFile);
  try {
    return `${fs.realpathSync(resolved)}.send.lock`;
  } catch {
    try {
      return `${path.join(fs.realpathSync(path.dirname(resolved)), path.basename(resolved))}.send.lock`;
    } catch {
      return `${resolved}.send.lock`;
    }
  }
}

/**
 * Runs a write next to the store, turning "this folder is read-only" into a problem a
 * person can act on rather than an internal error.
 */
function guardWrite<T>(storeFile: string, write: () => T): T {
  try {
    return write();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new BroadsheetError({
        code: 'StoreReadOnly',
        message: `Cannot write next to the store to take the send lock (${code}): the folder is read-only for this user`,
        file: path.dirname(path.resolve(storeFile)),
        hint: 'Run the command as a user who can write the store\'s folder, or mount it read-write; "status" and "subscribers list" read a store whose file alone is read-only.',
      });
    }
    throw err;
  }
}

/** Who holds a store's send lock, as `status` shows it; undefined when nobody does. */
export interface SendLockHolder {
  /** `pid 123 on host` or `a connection from 10.0.0.5`. */
  holder: string;
  /** When the holder took or last refreshed it. */
  since: Date;
}

/**
 * The live holder of the SQLite store's lock file, read without taking it; a stale lock
 * (its process gone, written on another host, untouched for five minutes) counts as
 * nobody, as acquireSendLock would judge it.
 */
export function readSendLock(storeFile: string, now: () => number = Date.now): SendLockHolder | undefined {
  const held = owner(sendLockFile(storeFile));
  if (!held || held.host !== os.hostname() || !isAlive(held.pid) || now() - held.touched >= STALE_MS) return undefined;
  return { holder: `pid ${held.pid} on ${held.host}`, since: new Date(held.touched) };
}

function owner(file: string): { pid: number; host: string; touched: number } | undefined {
  try {
    const [pid, host] = fs.readFileSync(file, 'utf8').trim().split(/\s+/);
    return { pid: Number.parseInt(pid ?? '', 10), host: host ?? '', touched: fs.statSync(file).mtimeMs };
  } catch {
    return undefined;
  }
}

function touch(file: string): void {
  try {
    const t = new Date();
    fs.utimesSync(file, t, t);
  } catch {
    // The lock was removed under us; the run goes on, the next one will not be blocked.
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
