import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

/** The compiled CLI, run as a user runs it. */
export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/bin.js');

export interface BuildRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * A publication in a temporary folder (config, one good article) that has been built
 * once, so that a later failing build can be checked to leave that output as it was.
 */
export interface HostileSite {
  dir: string;
  content: string;
  /** Writes `text` to content/`rel` (folders made as needed). */
  write(rel: string, text: string | Buffer): string;
  /** `node bin.js build` in the site's folder (no build cache, so every run reads every file). */
  build(...args: string[]): BuildRun;
  /** Every file under public/ with its bytes, as the first build left it. */
  readonly before: ReadonlyMap<string, string>;
  /** Asserts public/ holds exactly what the first build wrote. */
  assertOutputIntact(): void;
  close(): void;
}

export function hostileSite(configExtra = ''): HostileSite {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-hostile-'));
  const content = path.join(dir, 'content');
  fs.mkdirSync(content);
  fs.writeFileSync(
    path.join(dir, 'broadsheet.yaml'),
    `site:\n  title: Hostile Review\n  url: https://news.example.org/\n  timezone: Asia/Shanghai\n${configExtra}`,
  );
  const write = (rel: string, text: string | Buffer): string => {
    const file = path.join(content, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  write('good.md', '---\ntitle: A good article\ndate: 2025-06-10T10:00:00+08:00\ntags: [Tech]\n---\n\nIt builds.\n');
  const build = (...args: string[]): BuildRun => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [BIN, 'build', '--no-cache', '--now', '2025-07-01T00:00:00Z', ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 120_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
  };
  const first = build();
  assert.equal(first.code, 0, `first build: ${first.stderr}`);
  const before = snapshot(path.join(dir, 'public'));
  assert.ok(before.has('feed.xml'));
  return {
    dir,
    content,
    write,
    build,
    before,
    assertOutputIntact() {
      assert.deepEqual(snapshot(path.join(dir, 'public')), before, 'the previous output is left as it was');
      const staging = fs.readdirSync(dir).filter((n) => n.startsWith('public.'));
      assert.deepEqual(staging, [], 'no staging folder is left behind');
    },
    close() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** path → text of every file under `root`. */
export function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (abs: string, rel: string): void => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(path.join(abs, e.name), childRel);
      else out.set(childRel, fs.readFileSync(path.join(abs, e.name), 'utf8'));
    }
  };
  visit(root, '');
  return out;
}

/** The printed problems, one entry per `location  message [Code]` line. */
export function problemLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /\[[A-Za-z]+\]$/.test(l));
}

/** Asserts one printed problem has `code` at `where` (`content/x.md:4` or `content/x.md`), and returns its line. */
export function assertProblem(stderr: string, code: string, where: string): string {
  const line = problemLines(stderr).find((l) => l.endsWith(`[${code}]`) && (l.startsWith(`${where}  `) || l.startsWith(`${where.replace(/\//g, path.sep)}  `)));
  assert.ok(line, `expected ${code} at ${where} in:\n${stderr}`);
  return line;
}
