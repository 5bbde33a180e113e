import fs from 'node:fs/promises';
import path from 'node:path';
import { safeJoin } from '../content/slug.js';
import type { OutputFile } from './outputs.js';

type Rename = (from: string, to: string) => Promise<void>;

export interface WriteOptions {
  /** Suffix of the staging and old-output folders; default the process id. */
  tag?: string | number;
  /** The rename used for the swap (tests inject a failing one). */
  rename?: Rename;
}

/** Files written at once while staging: enough to keep the disk busy, few enough for any ulimit. */
const WRITE_BATCH = 64;

/**
 * Replaces the build's entries of the output folder, never half-way:
 *
 * 1. every file is written into `<out>.staging-<tag>` next to the output folder (same
 *    file system, so renames are atomic); a failure here leaves the output untouched;
 * 2. each owned top-level entry is swapped in with two renames: the old one moves
 *    aside into `<out>.old-<tag>`, the new one moves in; if a rename fails, the
 *    entries already swapped are moved back;
 * 3. the old entries and the staging folder are deleted.
 *
 * Owned entries the new build does not produce (a folder of tags that no longer
 * exist, `tags/` when tag feeds are turned off) are moved out too. Entries the
 * build does not own (`digests/`, a site's own pages) are never touched.
 */
export async function writeOutput(outDir: string, files: Iterable<OutputFile>, owned: readonly string[], options: WriteOptions = {}): Promise<void> {
  const tag = options.tag ?? process.pid;
  const rename = options.rename ?? fs.rename;
  const out = path.resolve(outDir);
  const staging = `${out}.staging-${tag}`;
  const trash = `${out}.old-${tag}`;
  await fs.rm(staging, { recursive: true, force: true });
  await fs.rm(trash, { recursive: true, force: true });
  try {
    await stage(staging, files, owned);
    await fs.mkdir(out, { recursive: true });
    await fs.mkdir(trash);
    await swap(out, staging, trash, owned, rename);
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
    await fs.rm(trash, { recursive: true, force: true });
  }
}

/**
 * Writes the files as they come (a lazy sequence renders each only when reached), with
 * up to WRITE_BATCH writes in flight, so disk writes overlap rendering the next feeds.
 */
async function stage(staging: string, files: Iterable<OutputFile>, owned: readonly string[]): Promise<void> {
  const made = new Set<string>();
  let pending: Promise<void>[] = [];
  const settle = async (): Promise<void> => {
    // Wait for every write, not only the first failure, before the caller removes staging.
    const results = await Promise.allSettled(pending);
    pending = [];
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  try {
    for (const f of files) {
      const top = f.path[0];
      if (f.path.length === 0 || top === undefined || !owned.includes(top)) {
        throw new Error(`Output file ${f.path.join('/')} is outside the entries a build owns`);
      }
      const file = safeJoin(staging, ...f.path);
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        await fs.mkdir(dir, { recursive: true });
        made.add(dir);
      }
      pending.push(f.linkFrom === undefined ? fs.writeFile(file, f.content, { flag: 'wx' }) : linkOrCopy(f.linkFrom, file));
      if (pending.length >= WRITE_BATCH) await settle();
    }
  } finally {
    await settle();
  }
}

/** A hard link to an unchanged file of the previous output (cheap, and it survives the swap); a copy where links fail. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch {
    await fs.copyFile(from, to, fs.constants.COPYFILE_EXCL);
  }
}

async function swap(out: string, staging: string, trash: string, owned: readonly string[], rename: Rename): Promise<void> {
  const done: { name: string; hadOld: boolean; placedNew: boolean }[] = [];
  try {
    for (const name of owned) {
      const step = { name, hadOld: false, placedNew: false };
      done.push(step);
      if (await exists(path.join(out, name))) {
        await rename(path.join(out, name), path.join(trash, name));
        step.hadOld = true;
      }
      if (await exists(path.join(staging, name))) {
        await rename(path.join(staging, name), path.join(out, name));
        step.placedNew = true;
      }
    }
  } catch (err) {
    // Put back what was already swapped, newest first, so the output is as before.
    for (const step of done.reverse()) {
      if (step.placedNew) await fs.rm(path.join(out, step.name), { recursive: true, force: true });
      if (step.hadOld) await fs.rename(path.join(trash, step.name), path.join(out, step.name));
    }
    throw err;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
