import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import type { Clock } from '../../src/clock.js';
import { configFromObject } from '../../src/config/load.js';
import type { Config, ConfigInput } from '../../src/config/schema.js';
import { createApp, type AppDeps } from '../../src/server/app.js';
import { BackgroundTasks } from '../../src/server/background.js';
import type { MailTransport, ServiceMail } from '../../src/server/mail-transport.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

export const SECRET = 'test-secret-0123456789abcdef-0123456789';
export const SERVICE_URL = 'https://news.example';
export const SITE_URL = 'https://site.example/';
export const TOPICS = [
  { name: '人工智能战略投资', title: '人工智能战略投资' },
  { name: 'C++', title: 'C++' },
  { name: 'AI/ML', title: 'AI and ML' },
];

/** A clock the test moves by hand. */
export class StepClock implements Clock {
  constructor(public t = Date.parse('2026-03-02T09:00:00Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface Harness {
  app: Hono;
  store: Store;
  config: Config;
  clock: StepClock;
  sent: ServiceMail[];
  logs: string[];
  background: BackgroundTasks;
  dir: string;
  close(): Promise<void>;
}

/**
 * The service over a real SQLite file in a temp folder, with a recording transport,
 * a hand-moved clock and captured log lines.
 */
export function harness(options: { config?: Partial<ConfigInput>; deps?: Partial<AppDeps>; transport?: MailTransport } = {}): Harness {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-serve-'));
  const store = openSqliteStore(path.join(dir, 'state', 'broadsheet.db'), { durability: 'normal' });
  const config = configFromObject(
    {
      site: { title: 'Test Weekly', url: SITE_URL, language: 'en' },
      newsletter: { from: 'Test Weekly <news@site.example>', service_url: SERVICE_URL },
      ...options.config,
    },
    dir,
  );
  const sent: ServiceMail[] = [];
  const logs: string[] = [];
  const clock = new StepClock();
  const background = new BackgroundTasks();
  const transport: MailTransport = options.transport ?? { send: async (m) => void sent.push(m) };
  const app = createApp({ config, store, transport, clock, secret: SECRET, topics: TOPICS, background, log: (l) => logs.push(l), ...options.deps });
  return {
    app,
    store,
    config,
    clock,
    sent,
    logs,
    background,
    dir,
    async close() {
      await background.idle();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The CSRF cookie and hidden field a GET of a form page hands out. */
export async function formSession(app: Hono, url: string, headers: Record<string, string> = {}): Promise<{ cookie: string; csrf: string; html: string }> {
  const res = await app.request(url, { headers });
  const html = await res.text();
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = /broadsheet_csrf=([^;]+)/.exec(setCookie)?.[1] ?? /broadsheet_csrf=([^;]+)/.exec(headers.cookie ?? '')?.[1];
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!cookie || !csrf) throw new Error(`no CSRF cookie or field on ${url} (status ${res.status})`);
  return { cookie: `broadsheet_csrf=${cookie}`, csrf, html };
}

/** A urlencoded form body from pairs (repeated names allowed). */
export function form(pairs: [string, string][]): URLSearchParams {
  return new URLSearchParams(pairs);
}

/** POSTs a urlencoded form. */
export function post(app: Hono, url: string, body: URLSearchParams | string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(url, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } }),
  );
}

/** Signs up through the page's form (GET for the CSRF pair, then POST) and waits for its effects. */
export async function signUp(h: Harness, email: string, topics: string[] = [], name = ''): Promise<Response> {
  const s = await formSession(h.app, '/subscribe');
  const pairs: [string, string][] = [['csrf', s.csrf], ['email', email], ['name', name], ...topics.map((t): [string, string] => ['topics', t])];
  const res = await post(h.app, '/subscribe', form(pairs), { cookie: s.cookie });
  // The sign-up is recorded after the answer: wait for it, as a reader waits for the email.
  await h.background.idle();
  return res;
}

/** The token of the last `/route?token=` link in the last email sent. */
export async function lastLinkToken(h: Harness, route: 'confirm' | 'preferences'): Promise<string> {
  await h.background.idle();
  const mail = h.sent.at(-1);
  if (!mail) throw new Error('no email was sent');
  const m = new RegExp(`${SERVICE_URL}/${route}\\?token=([A-Za-z0-9_.%-]+)`).exec(mail.text);
  if (!m?.[1]) throw new Error(`no ${route} link in:\n${mail.text}`);
  return decodeURIComponent(m[1]);
}

/** Text content of the first <h1>. */
export function h1(html: string): string {
  return (/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').trim();
}
