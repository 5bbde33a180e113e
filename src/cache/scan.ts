import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';

/** What a file's metadata says about it; equal stats mean an unchanged file (unless racy). */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface ContentScan {
  /** Every file below the content folder (dot entries skipped), `/`-separated, with its stat. */
  files: Map<string, FileStat>;
  /** sha256 over the sorted paths and stats: equal scans, equal fingerprints. */
  fingerprint: string;
  /**
   * True when some file changed so recently (see isRacy) that a
   * later change could leave its size and times as they are now; nothing may then
   * be trusted by stat alone (the "racy git" problem).
   */
  racy: boolean;
  /** When the scan started (ms): stats taken since then are judged racy against it. */
  at: number;
}

/**
 * Whether a file changed so recently, measured against `now`, that a further change
 * could leave its stat as it is. File systems with sub-millisecond times (ext4, APFS,
 * NTFS) advance them at least every few milliseconds; ones that keep whole seconds
 * (FAT keeps 2 s, some network mounts 1 s) need a wider margin.
 */
export function isRacy(s: FileStat, now: number): boolean {
  const t = Math.max(s.mtimeMs, s.ctimeMs);
  const coarse = Number.isInteger(s.mtimeMs / 1000) && Number.isInteger(s.ctimeMs / 1000);
  return t >= now - (coarse ? 2000 : 100);
}

/** Same metadata as recorded: the file's bytes are taken to be the same. */
export function sameStat(a: FileStat, b: FileStat): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/** A file's stat, following symbolic links as reading does; undefined when it cannot be read. */
export function statFile(abs: string): FileStat | undefined {
  const s = fs.statSync(abs, { throwIfNoEntry: false });
  if (!s?.isFile()) return undefined;
  return { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
}

/**
 * Stats every file below `dir` (not only Markdown: being broader than the loader can
 * only cause an unneeded rebuild, never a missed one). Dot entries are skipped, as the
 * loader skips them. A missing folder scans as empty.
 */
export function scanContent(dir: string, now = Date.now()): ContentScan {
  const files = new Map<string, FileStat>();
  let racy = false;
  const visit = (abs: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      // Plain concatenation: path.join's normalising is measurable over 40,000 files.
      const childAbs = `${abs}${path.sep}${e.name}`;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        visit(childAbs, childRel);
        continue;
      }
      const s = statFile(childAbs);
      if (!s) continue;
      if (isRacy(s, now)) racy = true;
      files.set(childRel, s);
    }
  };
  visit(path.resolve(dir), '');
  const hash = createHash('sha256');
  for (const rel of [...files.keys()].sort()) {
    const s = files.get(rel) as FileStat;
    hash.update(`${rel}\u0000${s.size}\u0000${s.mtimeMs}\u0000${s.ctimeMs}\u0000${s.ino}\n`);
  }
  return { files, fingerprint: hash.digest('hex'), racy, at: now };
}
