import fs from 'node:fs';
import path from 'node:path';
import { runMain } from '../../src/cli/main.js';
import { fixedClock } from '../../src/clock.js';

/** Runs the CLI in-process with captured output, as a user would from `root`. */
export async function cli(root: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMain(argv, {
    cwd: root,
    clock: fixedClock('2099-01-01T00:00:00Z'),
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Text of a file in the output folder. */
export function read(root: string, ...segments: string[]): string {
  return fs.readFileSync(path.join(root, 'public', ...segments), 'utf8');
}
