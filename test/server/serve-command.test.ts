import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { runMain } from '../../src/cli/main.js';
import { systemClock } from '../../src/clock.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { usePostgres } from '../helpers/postgres.js';

function project(extraConfig = ''): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-serve-cmd-'));
  fs.mkdirSync(path.join(dir, 'content'));
  fs.writeFileSync(
    path.join(dir, 'broadsheet.yaml'),
    `site:\n  title: Serve Test\n  url: https://site.example/\nnewsletter:\n  from: Serve Test <news@site.example>\n${extraConfig}`,
  );
  fs.writeFileSync(path.join(dir, 'content', 'one.md'), '---\ntitle: One\ndate: 2026-01-05T10:00:00Z\nmain_topics: [数据治理, Node.js]\n---\nBody.\n');
  fs.writeFileSync(path.join(dir, 'content', 'two.md'), '---\ntitle: Two\ndate: 2026-01-06T10:00:00Z\nmain_topics: [数据治理]\n---\nBody.\n');
  return dir;
}

function run(dir: string, argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  const done = runMain(['serve', ...argv], { cwd: dir, env, clock: systemClock, stdout: (l) => out.push(l), stderr: (l) => err.push(l), signal: controller.signal });
  return { out, err, controller, done };
}

async function listening(out: string[], done: Promise<number>): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = out.find((l) => l.startsWith('Listening on '));
    if (line) return /^Listening on (http:\/\/\S+)/.exec(line)?.[1] ?? '';
    const early = await Promise.race([done, new Promise<undefined>((r) => setTimeout(() => r(undefined), 20))]);
    if (early !== undefined) throw new Error(`serve exited with ${early} before listening`);
    if (Date.now() > deadline) throw new Error('serve did not start');
  }
}

describe('broadsheet serve', () => {
  it('needs BROADSHEET_SECRET and newsletter.from, and says so (exit 1, nothing listens)', async () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'broadsheet.yaml'), 'site:\n  title: T\n  url: https://site.example/\n');
    try {
      const r = run(dir, ['--port', '0'], {});
      assert.equal(await r.done, 1);
      const text = r.err.join('\n');
      assert.match(text, /BROADSHEET_SECRET is not set.*\[SecretMissing\]/);
      assert.match(text, /newsletter\.from is not set.*\[SenderMissing\]/);
      assert.equal(r.out.length, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a bad --port with exit 2', async () => {
    const dir = project();
    try {
      const r = run(dir, ['--port', 'eighty'], { BROADSHEET_SECRET: 'x'.repeat(32) });
      assert.equal(await r.done, 2);
      assert.match(r.err.join('\n'), /--port "eighty" is not a port number/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves on 127.0.0.1 with the content’s topics, writes confirmations to outbox/ without SMTP_URL, and stops on the signal', async () => {
    const dir = project();
    try {
      const r = run(dir, ['--port', '0'], { BROADSHEET_SECRET: 'serve-test-secret-value-0123456789abcdef' });
      const url = await listening(r.out, r.done);
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(r.err.join('\n'), /SMTP_URL is not set: confirmation emails are written to .*outbox/);

      const health = await fetch(`${url}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok', store: 'ok' });

      const html = await (await fetch(`${url}/subscribe`)).text();
      const topics = [...html.matchAll(/name="topics" value="([^"]*)"/g)].map((m) => m[1]);
      assert.deepEqual(topics, ['数据治理', 'Node.js'], 'from the content, most articles first');

      const res = await fetch(`${url}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://site.example' },
        body: new URLSearchParams([['email', 'cli@example.org'], ['topics', 'Node.js']]).toString(),
      });
      assert.equal(res.status, 200);
      assert.ok(r.out.some((l) => /^POST \/subscribe 200 \d+ms$/.test(l)), r.out.join('\n'));

      r.controller.abort('SIGTERM');
      assert.equal(await r.done, 0);
      assert.ok(r.out.some((l) => l.startsWith('Stopping')));
      await assert.rejects(fetch(`${url}/health`), 'the port is closed');

      // The email went to the outbox (the log names the file, not the address).
      const files = fs.readdirSync(path.join(dir, 'outbox'));
      assert.equal(files.length, 1);
      assert.ok(!files[0]!.includes('cli@'));
      assert.match(r.err.join('\n'), /wrote a confirmation email to .*outbox/);
      const mail = await simpleParser(fs.readFileSync(path.join(dir, 'outbox', files[0]!)));
      assert.equal(mail.subject, 'Confirm your subscription to Serve Test');
      assert.match(mail.text ?? '', new RegExp(`${url.replace(/[.:/]/g, '\\$&')}/confirm\\?token=`), 'without service_url the links use the listening address');
      // The default store next to the config file holds the pending subscriber.
      const store = openSqliteStore(path.join(dir, 'state', 'broadsheet.db'));
      try {
        const sub = await store.findSubscriberByEmail('cli@example.org');
        assert.equal(sub?.status, 'pending');
        assert.deepEqual(sub?.topics, ['Node.js']);
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shares a PostgreSQL store with the other commands: a web sign-up confirmed by its link is a subscriber that `subscribers list` sees', async (t) => {
    const server = await usePostgres(t);
    if (!server) return;
    const store = await server.database(t);
    const dir = project();
    const env = { BROADSHEET_SECRET: 'serve-test-secret-value-0123456789abcdef', BROADSHEET_STORE: store };
    // --outbox, relative to the working folder, as for send.
    const r = run(dir, ['--port', '0', '--outbox', 'mail/confirmations'], env);
    try {
      const url = await listening(r.out, r.done);
      assert.deepEqual(await (await fetch(`${url}/health`)).json(), { status: 'ok', store: 'ok' });
      const res = await fetch(`${url}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://site.example' },
        body: new URLSearchParams([['email', 'Web@Example.org'], ['topics', '数据治理']]).toString(),
      });
      assert.equal(res.status, 200);
      // The confirmation email is written in the background, after the response.
      const outbox = path.join(dir, 'mail', 'confirmations');
      const deadline = Date.now() + 10_000;
      while (!(fs.existsSync(outbox) && fs.readdirSync(outbox).some((f) => f.endsWith('.eml'))) && Date.now() < deadline) await new Promise((w) => setTimeout(w, 20));
      const file = fs.readdirSync(outbox).find((f) => f.endsWith('.eml'));
      const mail = await simpleParser(fs.readFileSync(path.join(outbox, file ?? '')));
      const confirm = new RegExp(`${url.replace(/[.:/]/g, '\\$&')}/confirm\\?token=[^\\s"<>]+`).exec(mail.text ?? '')?.[0];
      assert.ok(confirm, 'a confirmation link');
      // The link shows a page with a button; only the button's POST (to the same URL) confirms.
      assert.equal((await fetch(confirm)).status, 200);
      const confirmed = await fetch(confirm, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url }, body: '' });
      assert.equal(confirmed.status, 200, await confirmed.text());
      r.controller.abort('SIGTERM');
      assert.equal(await r.done, 0);

      // Another process's view of the same database: the CLI, then the store directly.
      const out: string[] = [];
      const code = await runMain(['subscribers', 'list', '--json'], { cwd: dir, env, clock: systemClock, stdout: (l) => out.push(l), stderr: (l) => out.push(l), signal: new AbortController().signal });
      assert.equal(code, 0, out.join('\n'));
      const listed = JSON.parse(out.join('\n')) as Array<{ email: string; status: string; topics: string[]; source: string }>;
      assert.deepEqual(listed.map((s) => [s.email, s.status, s.topics]), [['Web@Example.org', 'confirmed', ['数据治理']]]);
      const pg = await openPostgresStore(store, { readonly: true });
      try {
        assert.equal((await pg.findSubscriberByEmail('web@example.ORG'))?.status, 'confirmed');
      } finally {
        await pg.close();
      }
      assert.ok(!fs.existsSync(path.join(dir, 'state')), 'no SQLite store was created beside it');
      assert.ok(!fs.existsSync(path.join(dir, 'outbox')), 'the default outbox was not used');
    } finally {
      r.controller.abort('SIGTERM');
      await r.done;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
