import path from 'node:path';
import { UsageError } from '../errors.js';

/** Default store file, relative to the folder of the config file. */
export const DEFAULT_STORE_FILE = path.join('state', 'broadsheet.db');

/**
 * Where the store lives, first match wins:
 * 1. `--store FILE`, relative to the working folder (like every other path flag);
 * 2. `BROADSHEET_STORE`, relative to the working folder;
 * 3. `state/broadsheet.db` next to the config file (the working folder without one),
 *    so the same store is used whichever folder a scheduled job starts in.
 * Empty values count as unset. A `postgres://` or `postgresql://` URL is a PostgreSQL
 * store and is returned as given. A URL with a password is refused on the command line
 * (it would show in `ps` and in shell history): it belongs in BROADSHEET_STORE.
 */
export function resolveStorePath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  config: { root: string } | undefined,
  cwd: string,
): string {
  if (flag) {
    if (!isPostgresUrl(flag)) return path.resolve(cwd, flag);
    if (hasPassword(flag)) {
      throw new UsageError(
        'The --store URL carries a password, which would show in the process list and shell history',
        'Put the URL in the BROADSHEET_STORE environment variable (a secret in CI), or leave the password out and set PGPASSWORD.',
      );
    }
    return flag;
  }
  const fromEnv = env.BROADSHEET_STORE;
  if (fromEnv) return isPostgresUrl(fromEnv) ? fromEnv : path.resolve(cwd, fromEnv);
  return path.resolve(config?.root ?? cwd, DEFAULT_STORE_FILE);
}

/** A `postgres://` or `postgresql://` URL (what libpq and node-postgres accept). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** The store's location as it may be shown: a URL's password replaced by `***`. */
export function shownStore(location: string): string {
  if (!isPostgresUrl(location)) return location;
  try {
    const u = new URL(location);
    if (u.password) u.password = '***';
    // A password can also ride in the query string (?password=…).
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return 'postgres://(a URL that does not parse)';
  }
}

function hasPassword(url: string): boolean {
  try {
    const u = new URL(url);
    return u.password !== '' || u.searchParams.has('password');
  } catch {
    // Unparseable: treat as secret, the connection will say what is wrong with it.
    return true;
  }
}
