import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain } from '../../src/cli/main.js';
import type { CommandContext } from '../../src/cli/context.js';

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * A small publication on disk, as a user would have it: a config with a weekly
 * schedule (Mondays 09:00 Shanghai), one article, and nothing else. `run` drives the
 * CLI in-process through runMain with captured output.
 */
export interface Publication {
  dir: string;
  run(argv: string[], ctx?: Partial<CommandContext>): Promise<CliRun>;
  close(): void;
}

export function publication(configExtra = ''): Publication {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h9-cli-'));
  fs.mkdirSync(path.join(dir, 'content'));
  fs.writeFileSync(
    path.join(dir, 'broadsheet.yaml'),
    `site:
  title: Review Weekly
  url: https://news.example.org/
  timezone: Asia/Shanghai
digest:
  schedule: "0 9 * * 1"
${configExtra}newsletter:
  from: Review Weekly <digest@news.example.org>
  service_url: https://subscribe.news.example.org/
delivery:
  rate: 1000
  retry_delay: 0.01
`,
  );
  fs.writeFileSync(path.join(dir, 'content', 'first.md'), '---\ntitle: First\ndate: 2026-11-20T10:00:00+08:00\nmain_topics: [Tech]\n---\n\nThe first article.\n');
  return {
    dir,
    async run(argv, ctx = {}) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runMain(argv, {
        cwd: dir,
        env: {},
        clock: { now: () => new Date('2026-11-23T02:00:00Z') },
        stdout: (l) => out.push(l),
        stderr: (l) => err.push(l),
        ...ctx,
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    close() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
