import path from 'node:path';

/** Default store file, relative to the folder of the config file. */
export const DEFAULT_STORE_FILE = path.join('state', 'broadsheet.db');

/**
 * Where the SQLite store lives, first match wins:
 * 1. `--store FILE`, relative to the working folder (like every other path flag);
 * 2. `BROADSHEET_STORE`, relative to the working folder;
 * 3. `state/broadsheet.db` next to the config file (the working folder without one),
 *    so the same store is used whichever folder a scheduled job starts in.
 * Empty values count as unset.
 */
export function resolveStorePath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  config: { root: string } | undefined,
  cwd: string,
): string {
  if (flag) return path.resolve(cwd, flag);
  const fromEnv = env.BROADSHEET_STORE;
  if (fromEnv) return path.resolve(cwd, fromEnv);
  return path.resolve(config?.root ?? cwd, DEFAULT_STORE_FILE);
}
