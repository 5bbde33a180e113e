import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled CLI entry, as `npx broadsheet` runs it. */
export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/bin.js');

export interface ProcessRun {
  code: number | null;
  /** Exactly the bytes the process wrote, decoded as UTF-8. */
  stdout: string;
  stderr: string;
}

/**
 * Runs `broadsheet ARGS` in a child process in `cwd`, with `env` added to this
 * process's environment (SMTP_URL and BROADSHEET_STORE removed unless given), and
 * collects what it wrote: what an operator's terminal would receive.
 */
export function runCli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<ProcessRun> {
  const base = { ...process.env };
  delete base['SMTP_URL'];
  delete base['BROADSHEET_STORE'];
  delete base['BROADSHEET_SECRET'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}
