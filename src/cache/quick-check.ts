import fs from 'node:fs';
import path from 'node:path';
import { readPackageVersion } from '../version.js';
import type { ContentScan } from './scan.js';
import { stampKey, upToDate, type StampedResult } from './stamp.js';

/** Same as config/load.ts's DEFAULT_CONFIG_FILE; repeated so this check imports no parser. */
export const DEFAULT_CONFIG_NAME = 'broadsheet.yaml';

/** The cache folder, next to the config file. */
export const CACHE_DIR_NAME = '.broadsheet-cache';

export interface QuickCheckInput {
  /** `--config`, as given (relative to `cwd`). */
  configFile: string | undefined;
  cwd: string;
  overrides: { content?: string | undefined; output?: string | undefined };
  drafts: boolean;
  future: boolean;
  now: Date;
}

export interface QuickCheck {
  /** Set when the output is already exactly what a build would write. */
  upToDate?: StampedResult;
  /** For the build, when it has to run: where the cache lives, the key of its inputs, and the scan already made. */
  cache?: { dir: string; stampKey: string; scan?: (ContentScan & { dir: string }) | undefined };
}

/**
 * Decides, from file metadata alone, whether `broadsheet build` has anything to do.
 * Reads the config file's text but does not parse it, so it never loads YAML, zod,
 * Markdown or HTML libraries. An unreadable config returns no cache: the build then
 * reports the problem as usual.
 */
export function quickCheck(input: QuickCheckInput): QuickCheck {
  const configPath = path.resolve(input.cwd, input.configFile ?? DEFAULT_CONFIG_NAME);
  let configText: string;
  try {
    configText = fs.readFileSync(configPath, 'utf8');
  } catch {
    return {};
  }
  const dir = path.join(path.dirname(configPath), CACHE_DIR_NAME);
  const key = stampKey({
    configPath,
    configText,
    cwd: input.cwd,
    overrides: input.overrides,
    drafts: input.drafts,
    future: input.future,
    version: readPackageVersion(),
  });
  const { result, scan } = upToDate(dir, key, input.now);
  return { ...(result ? { upToDate: result } : {}), cache: { dir, stampKey: key, scan } };
}
