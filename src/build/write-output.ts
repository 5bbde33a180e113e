import fs from 'node:fs';
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
  const rename = options.rename ?? fs.promises.rename;
  const out = path.resolve(outDir);
  const staging = `${out}.staging-${tag}`;
  const trash = `${out}.old-${tag}`;
  await fs.promises.rm(staging, { recursive: true, force: true });
  await fs.promises.rm(trash, { recursive: true, force: true });
  try {
    stage(staging, files, owned);
    await fs.promises.mkdir(out, { recursive: true });
    await fs.promises.mkdir(trash);
    await swap(out, staging, trash, owned, rename);
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
    await fs.promises.rm(trash, { recursive: true, force: true });
  }
}

/**
 * Writes the files as they come (a lazy sequence renders each only when reached), one
 * after the other with synchronous calls: for hundreds of small files on a local disk
 * that is several times faster than fs.promises' round trips through the thread pool
 * (issue 7), and a feed's buffers go to the file as they are, with no string to
 * concatenate or encode again.
 */
function stage(staging: string, files: Iterable<OutputFile>, owned: readonly string[]): void {
  const made = new Set<string>();
  for (const f of files) {
    const top = f.path[0];
    if (f.path.length === 0 || top === undefined || !owned.includes(top)) {
      throw new Error(`Output file ${f.path.join('/')} is outside the entries a build owns`);
    }
    const file = safeJoin(staging, ...f.path);
    const dir = path.dirname(file);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    if (f.linkFrom !== undefined) linkOrCopy(f.linkFrom, file);
    else writeNew(file, typeof f.content === 'string' ? [Buffer.from(f.content)] : f.content);
  }
}

/** Most buffers handed to one writev call: well under every system's IOV_MAX (1024 on Linux). */
const IOV_BATCH = 512;

/** Creates `file` (it must not exist) holding the buffers one after the other. */
function writeNew(file: string, buffers: readonly Uint8Array[]): void {
  const fd = fs.openSync(file, 'wx');
  try {
    for (let i = 0; i < buffers.length; i += IOV_BATCH) {
      let batch = buffers.slice(i, i + IOV_BATCH);
      let left = batch.reduce((n, b) => n + b.byteLength, 0);
      while (left > 0) {
        const wrote = fs.writevSync(fd, batch);
        if (wrote <= 0) throw Object.assign(new Error(`Cannot write ${file}: the disk took no bytes`), { code: 'EIO' });
        left -= wrote;
        if (left > 0) batch = rest(batch, wrote);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The buffers after the first `skip` bytes of them (after a short write). */
function rest(buffers: readonly Uint8Array[], skip: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const b of buffers) {
    if (skip >= b.byteLength) skip -= b.byteLength;
    else {
      out.push(skip > 0 ? b.subarray(skip) : b);
      skip = 0;
    }
  }
  return out;
}

/** A hard link to an unchanged file of the previous output (cheap, and it survives the swap); a copy where links fail. */
function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
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
      if (step.placedNew) await fs.promises.rm(path.join(out, step.name), { recursive: true, force: true });
      if (step.hadOld) await fs.promises.rename(path.join(trash, step.name), path.join(out, step.name));
    }
    throw err;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.promises.lstat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
