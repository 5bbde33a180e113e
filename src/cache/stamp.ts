import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sameStat, scanContent, statFile, type ContentScan, type FileStat } from './scan.js';
import type { LeftOut } from '../content/publish.js';

/**
 * The "nothing changed" check, made before any parser is even imported: a build
 * records what it was built from (config text, flags, Broadsheet's code, every
 * content file's stat, the span of time in which the published set stays the same)
 * and what it wrote (every output file's stat). When all of that is unchanged the
 * output is already what a build would write, byte for byte, and the build is done.
 * This module only imports node built-ins, so the check costs a few milliseconds.
 */

/** What the build command reports; the stamp keeps it to report it again. */
export interface StampedResult {
  files: string[];
  feeds: number;
  articles: number;
  /** What the build left out (drafts, future, expired), to report it again. */
  leftOut?: LeftOut;
  rendered: number;
  outputDir: string;
  /** Files that are no article, as content/not-articles.ts describes them (plain data: this module imports no parser). */
  notArticles?: Array<{ file: string; reason: 'no-date' | 'not-listed'; setting?: string }>;
  /** Warnings of the build, as errors.ts's Problem. */
  warnings?: Array<{ code: string; message: string; file?: string; line?: number; column?: number; path?: string; hint?: string }>;
}

interface Stamp {
  format: 1;
  key: string;
  contentDir: string;
  content: string;
  /** The published set is the same for any `now` in [validFrom, validUntil) (ms; null = unbounded). */
  validFrom: number | null;
  validUntil: number | null;
  outputs: Array<[string, FileStat]>;
  result: StampedResult;
}

export interface StampKeyInput {
  configPath: string;
  configText: string;
  cwd: string;
  overrides: { content?: string | undefined; output?: string | undefined };
  drafts: boolean;
  future: boolean;
  version: string;
}

const STAMP_FILE = 'stamp.json';

/** The key of everything but content and clock that decides a build's output. */
export function stampKey(input: StampKeyInput): string {
  return createHash('sha256')
    .update(JSON.stringify([1, input.version, codeFingerprint(), input.configPath, input.cwd, input.overrides.content ?? null, input.overrides.output ?? null, input.drafts, input.future]))
    .update('\u0000')
    .update(input.configText)
    .digest('hex');
}

let code: string | undefined;

/**
 * The compiled modules a build runs (its words included), by size and time: a
 * rebuilt Broadsheet whose version number did not change (a development checkout)
 * still invalidates caches.
 */
export function codeFingerprint(): string {
  if (code !== undefined) return code;
  const srcRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const hash = createHash('sha256');
  for (const dir of ['build', 'cache', 'config', 'content', 'feeds', 'i18n', 'lib', 'markdown']) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(srcRoot, dir)).filter((n) => n.endsWith('.js')).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const s = statFile(path.join(srcRoot, dir, name));
      hash.update(`${dir}/${name}\u0000${s?.size}\u0000${s?.mtimeMs}\n`);
    }
  }
  code = hash.digest('hex');
  return code;
}

/**
 * The result of the last build when it is still exactly what a build would produce
 * now, else undefined. Never throws: any doubt means "build".
 */
export function upToDate(cacheDir: string, key: string, now: Date): { result?: StampedResult; scan?: ContentScan & { dir: string } } {
  let scan: (ContentScan & { dir: string }) | undefined;
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(cacheDir, STAMP_FILE), 'utf8')) as Stamp;
    if (stamp.format !== 1 || stamp.key !== key) return {};
    // Same key, same config: the build that follows can use this scan of the same folder.
    scan = { ...scanContent(stamp.contentDir), dir: stamp.contentDir };
    const t = now.getTime();
    if ((stamp.validFrom !== null && t < stamp.validFrom) || (stamp.validUntil !== null && t >= stamp.validUntil)) return { scan };
    if (scan.racy || scan.fingerprint !== stamp.content) return { scan };
    for (const [rel, recorded] of stamp.outputs) {
      // Plain concatenation (rel is `/`-separated and was written by this build): path.join's
      // normalising is a tenth of the whole check over a few hundred files.
      const s = statFile(`${stamp.result.outputDir}${path.sep}${path.sep === '/' ? rel : rel.replaceAll('/', path.sep)}`);
      if (!s || !sameStat(s, recorded)) return { scan };
    }
    return { result: stamp.result };
  } catch {
    return scan ? { scan } : {};
  }
}

export interface StampInput {
  key: string;
  contentDir: string;
  /** The scan taken before the build read any file. */
  scan: { fingerprint: string; racy: boolean };
  validFrom: number | null;
  validUntil: number | null;
  result: StampedResult;
}

/**
 * Records a successful build. Skipped when the scan was racy: a file changed in the
 * last moments might change again without its stat showing it.
 */
export function writeStamp(cacheDir: string, input: StampInput): void {
  removeStamp(cacheDir);
  if (input.scan.racy) return;
  const outputs: Array<[string, FileStat]> = [];
  for (const rel of input.result.files) {
    const s = statFile(path.join(input.result.outputDir, ...rel.split('/')));
    if (!s) return;
    outputs.push([rel, s]);
  }
  const stamp: Stamp = {
    format: 1,
    key: input.key,
    contentDir: input.contentDir,
    content: input.scan.fingerprint,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    outputs,
    result: input.result,
  };
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = path.join(cacheDir, `${STAMP_FILE}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(stamp));
  fs.renameSync(tmp, path.join(cacheDir, STAMP_FILE));
}

/** Forgets the last build (before writing output, so a failed build never looks current). */
export function removeStamp(cacheDir: string): void {
  fs.rmSync(path.join(cacheDir, STAMP_FILE), { force: true });
}

/**
 * The span of `now` values with the same published set as `now`: publication,
 * publishDate and expiry instants are where it can change (see isPublished).
 */
export function publishWindow(instants: Iterable<Date | undefined>, now: Date): { validFrom: number | null; validUntil: number | null } {
  const t = now.getTime();
  let from: number | null = null;
  let until: number | null = null;
  for (const d of instants) {
    if (!d) continue;
    const x = d.getTime();
    if (x <= t) from = from === null ? x : Math.max(from, x);
    else until = until === null ? x : Math.min(until, x);
  }
  return { validFrom: from, validUntil: until };
}
