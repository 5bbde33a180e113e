import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../src/paths.js';

export const BIN = path.join(packageRoot, 'dist', 'src', 'cli', 'bin.js');

export interface ChildRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the real CLI in a child process, as a user would from `cwd`. */
export function runBin(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}): ChildRun {
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    cwd,
    encoding: 'utf8',
    // A clean environment: no SMTP_URL or BROADSHEET_STORE from the developer's shell.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', LANG: 'C', ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Every file under `dir` with its size, mtime and content hash: equal snapshots mean nothing changed. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        out.set(`${path.relative(dir, p)}/`, 'dir');
        walk(p);
      } else {
        const st = fs.statSync(p);
        out.set(path.relative(dir, p), `${st.size} ${st.mtimeMs} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`);
      }
    }
  };
  walk(dir);
  return out;
}
