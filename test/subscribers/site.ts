import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { runMain } from '../../src/cli/main.js';
import { fixedClock } from '../../src/clock.js';

/** A small publication in a temp folder: config, two articles with topics, a store path. */
export function makeSite(t: TestContext): { dir: string; config: string; store: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-subs-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'content'));
  fs.writeFileSync(
    path.join(dir, 'broadsheet.yaml'),
    ['site:', '  title: Test Weekly', '  url: https://news.example.com/', 'topics:', '  slugs:', '    人工智能战略投资: ai-strategy', 'digest:', '  topics: [Upcoming]', ''].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'content', 'one.md'),
    ['---', 'title: "Meta的豪赌"', 'date: 2025-06-16T12:30:04+08:00', 'main_topics:', '  - "人工智能战略投资"', '  - "C++"', '---', '', 'Body **one**.', ''].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'content', 'two.md'),
    ['---', 'title: Two', 'date: 2025-06-10T08:00:00Z', 'main_topics: ["AI/ML"]', '---', '', 'Body two.', ''].join('\n'),
  );
  return { dir, config: path.join(dir, 'broadsheet.yaml'), store: path.join(dir, 'state', 'broadsheet.db') };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with the site's folder as cwd and a pinned clock. */
export async function cli(site: { dir: string }, args: string[], now = '2025-06-20T00:00:00Z', env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMain(args, {
    cwd: site.dir,
    env,
    clock: fixedClock(now),
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

export function write(site: { dir: string }, name: string, text: string): string {
  fs.writeFileSync(path.join(site.dir, name), text);
  return name;
}
