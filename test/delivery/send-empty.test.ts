import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runMain } from '../../src/cli/main.js';
import { fixedClock } from '../../src/clock.js';

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('an edition recorded for nobody (--allow-empty) is complete (exit 0) even when the SMTP server is unreachable', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-lead-empty-send-'));
  try {
    fs.mkdirSync(path.join(dir, 'content'));
    fs.writeFileSync(path.join(dir, 'content', 'a.md'), '---\ntitle: First\ndate: 2026-11-20T09:00:00+08:00\n---\nHello.\n');
    fs.writeFileSync(
      path.join(dir, 'broadsheet.yaml'),
      'site:\n  title: Empty\n  url: https://empty.example.org/\nnewsletter:\n  from: Empty <news@empty.example.org>\n  service_url: https://empty.example.org/s/\n',
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await runMain(['send', '--allow-empty', '--now', '2026-11-27T09:00:00Z'], {
      cwd: dir,
      env: { PATH: process.env.PATH, SMTP_URL: `smtp://news:pw@127.0.0.1:${await closedPort()}`, BROADSHEET_SECRET: 'a-test-secret-of-some-length-0123456789' },
      clock: fixedClock('2026-11-27T09:00:00Z'),
      stdout: (l) => out.push(l),
      stderr: (l) => err.push(l),
    });
    const all = `${out.join('\n')}\n${err.join('\n')}`;
    assert.equal(code, 0, all);
    assert.match(all, /0 remaining/);
    assert.doesNotMatch(all, /Not finished|cannot reach/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
