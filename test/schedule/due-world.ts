import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain } from '../../src/cli/main.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Edition } from '../../src/store/types.js';
import { startSmtpServer, type TestSmtpServer, type TestSmtpOptions } from '../helpers/smtp.js';

/**
 * A publication on disk for `send --due` tests: config, articles, a real SQLite
 * store with confirmed subscribers, a real SMTP server. The schedule is Mondays
 * 09:00 in Shanghai (01:00 UTC).
 */

export const SUBSCRIBERS = ['ann@example.org', 'bob@example.org', 'cyd@example.org'];

export interface World {
  dir: string;
  smtp: TestSmtpServer;
  addArticle(slug: string, title: string, date: string): void;
  send(now: string, extra?: { signal?: AbortSignal; args?: string[] }): Promise<{ code: number; out: string; err: string }>;
  editions(): Promise<Edition[]>;
  close(): Promise<void>;
}

export async function world(digestExtra = '', smtpOptions: TestSmtpOptions = {}): Promise<World> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-send-due-'));
  fs.mkdirSync(path.join(dir, 'content'));
  fs.writeFileSync(
    path.join(dir, 'broadsheet.yaml'),
    `site:
  title: Due Test Weekly
  url: https://news.example.org/
  timezone: Asia/Shanghai
digest:
  schedule: "0 9 * * 1"
${digestExtra}newsletter:
  from: Due Test <digest@news.example.org>
  service_url: https://subscribe.news.example.org/
delivery:
  rate: 1000
  concurrency: 1
  retry_delay: 0.01
`,
  );
  const store = openSqliteStore(path.join(dir, 'state', 'broadsheet.db'), { durability: 'normal' });
  await store.upsertSubscribers(SUBSCRIBERS.map((email) => ({ email, status: 'confirmed' as const })), new Date('2026-11-01T00:00:00Z'));
  await store.close();
  const smtp = await startSmtpServer(smtpOptions);
  return {
    dir,
    smtp,
    addArticle(slug, title, date) {
      fs.writeFileSync(path.join(dir, 'content', `${slug}.md`), `---\ntitle: "${title}"\ndate: ${date}\nmain_topics: [Tech]\n---\n\nBody of ${title}.\n`);
    },
    async send(now, extra = {}) {
      const out: string[] = [];
      const err: string[] = [];
      // The wall clock starts at the trigger time and moves on in real time.
      const base = Date.parse(now);
      const started = Date.now();
      const code = await runMain(['send', '--due', '--now', now, ...(extra.args ?? [])], {
        cwd: dir,
        env: { SMTP_URL: smtp.url, BROADSHEET_SECRET: 'test-secret-not-for-production-0123456789' },
        clock: { now: () => new Date(base + (Date.now() - started)) },
        stdout: (l) => out.push(l),
        stderr: (l) => err.push(l),
        ...(extra.signal ? { signal: extra.signal } : {}),
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    async editions() {
      const s = openSqliteStore(path.join(dir, 'state', 'broadsheet.db'), { readonly: true });
      try {
        return await s.listEditions();
      } finally {
        await s.close();
      }
    },
    async close() {
      await smtp.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

