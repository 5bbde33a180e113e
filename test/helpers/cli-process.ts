import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI, as `npx broadsheet` runs it. */
export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/bin.js');

export interface ProcessRun {
  code: number | null;
  out: string;
  err: string;
}

/**
 * Runs the real CLI in a child process with only `env` (plus PATH) in its environment.
 * `uid`/`gid` run it as another user (for read-only checks when the tests run as root,
 * whom file modes do not stop).
 */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number; timeoutMs?: number }): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}
