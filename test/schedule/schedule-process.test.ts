import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `broadsheet schedule` as a real process: it starts, catches up, waits, and stops cleanly on SIGTERM. */

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'bin.js');

// A failed wait must not leave a scheduler running: its pipes would keep the test
// process alive until CI's time runs out.
const children = new Set<ReturnType<typeof spawn>>();
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
});

function startSchedule(dir: string, env: NodeJS.ProcessEnv): { child: ReturnType<typeof spawn>; out: () => string; err: () => string; waitFor(re: RegExp): Promise<void>; exit: Promise<{ code: number | null; signal: string | null }> } {
  const child = spawn(process.execPath, [bin, 'schedule'], { cwd: dir, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  const listeners: (() => void)[] = [];
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    for (const l of listeners) l();
  });
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    out: () => out,
    err: () => err,
    exit,
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const timeout = setTimeout(() => reject(new Error(`timed out waiting for ${re}; stdout: ${out}; stderr: ${err}`)), 10_000);
        const check = (): void => {
          if (re.test(out)) {
            clearTimeout(timeout);
            resolve();
          }
        };
        listeners.push(check);
        check();
        void exit.then(() => {
          if (!re.test(out)) {
            clearTimeout(timeout);
            reject(new Error(`exited before ${re}; stdout: ${out}; stderr: ${err}`));
          }
        });
      }),
  };
}

test('broadsheet schedule catches up at start, waits for the next time, and exits 0 on SIGTERM', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-schedule-'));
  try {
    fs.mkdirSync(path.join(dir, 'content'));
    fs.writeFileSync(
      path.join(dir, 'broadsheet.yaml'),
      `site:
  title: Scheduled
  url: https://news.example.org/
  timezone: Europe/London
digest:
  schedule: "0 9 * * 1"
newsletter:
  from: Scheduled <digest@news.example.org>
  service_url: https://subscribe.news.example.org/
`,
    );
    // No SMTP_URL: the outbox; no articles: the catch-up finds nothing to send.
    const p = startSchedule(dir, {});
    await p.waitFor(/Next run: \d{4}-\d{2}-\d{2} 09:00 Europe\/London/);
    assert.match(p.out(), /Edition due for|exists already|No scheduled time/);
    const started = Date.now();
    p.child.kill('SIGTERM');
    const { code } = await p.exit;
    assert.equal(code, 0, p.err());
    assert.ok(Date.now() - started < 3000, `stopped in ${Date.now() - started} ms`);
    assert.match(p.out(), /Stopped\./);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('broadsheet schedule without digest.schedule exits 1 with the problem', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-schedule-'));
  try {
    fs.writeFileSync(path.join(dir, 'broadsheet.yaml'), 'site:\n  title: S\n  url: https://news.example.org/\n');
    const p = startSchedule(dir, {});
    const { code } = await p.exit;
    assert.equal(code, 1);
    assert.match(p.err(), /ScheduleMissing/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
