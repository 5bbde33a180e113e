import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { configFromObject } from '../../src/config/load.js';
import { shippedTemplatesDir } from '../../src/paths.js';
import { subscriptionLinks } from '../../src/email/links.js';
import { createApp } from '../../src/server/app.js';
import { BackgroundTasks } from '../../src/server/background.js';
import { listen } from '../../src/server/listen.js';
import { smtpMailTransport } from '../../src/server/mail-transport.js';
import { systemClock } from '../../src/clock.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { launchBrowser } from '../helpers/browser.js';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { SECRET, TOPICS } from './fixture.js';

async function waitForMail(smtp: TestSmtpServer, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (smtp.received.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} emails, got ${smtp.received.length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('a reader subscribes, confirms from the email, changes topics and leaves with one click (headless Chromium)', { timeout: 30_000 }, async (t) => {
  const browser = await launchBrowser(t);
  if (!browser) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-e2e-'));
  const smtp = await startSmtpServer();
  const store = openSqliteStore(path.join(dir, 'state', 'broadsheet.db'), { durability: 'normal' });
  const transport = smtpMailTransport(smtp.url);
  const background = new BackgroundTasks();
  let app: ReturnType<typeof createApp> | undefined;
  const server = await listen((req, env) => (app ? app.fetch(req, env) : new Response('starting', { status: 503 })), { host: '127.0.0.1', port: 0 });
  try {
    const config = configFromObject(
      {
        site: { title: '测试周刊', url: 'https://site.example/', language: 'zh-CN' },
        newsletter: { from: '测试周刊 <news@site.example>', service_url: server.url },
      },
      dir,
    );
    app = createApp({ config, store, transport, clock: systemClock, secret: SECRET, topics: TOPICS, background });
    // No JavaScript at all: every step must work as plain HTML forms and links.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });

    // 1. Sign up through the form, choosing two topics by their labels.
    await page.goto(`${server.url}/subscribe`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.getByLabel('电子邮件地址').fill('reader@example.org');
    await page.getByLabel('称呼（可选）').fill('读者');
    await page.getByLabel('人工智能战略投资').check();
    await page.getByLabel('AI and ML').check();
    // The stylesheet loaded under the CSP (not blocked): the button has the accent colour.
    assert.equal(await page.locator('button[type=submit]').evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(11, 87, 208)');
    // Accessibility: every control has a label; text and button meet WCAG AA contrast (4.5:1);
    // keyboard focus shows a ring.
    assert.deepEqual(await page.locator('input:not([type=hidden])').evaluateAll((els) => els.filter((e) => (e as HTMLInputElement).labels?.length === 0).map((e) => e.id)), []);
    const ratios = await page.evaluate(() => {
      const lum = (rgb: string): number => {
        const [r, g, b] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map((v) => {
          const c = Number(v) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        }) as [number, number, number];
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a: string, b: string): number => {
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
        return (x + 0.05) / (y + 0.05);
      };
      const bg = getComputedStyle(document.documentElement).backgroundColor;
      const button = document.querySelector('button')!;
      const hint = document.querySelector('.hint')!;
      return {
        body: ratio(getComputedStyle(document.body).color, bg),
        hint: ratio(getComputedStyle(hint).color, bg),
        button: ratio(getComputedStyle(button).color, getComputedStyle(button).backgroundColor),
      };
    });
    for (const [what, r] of Object.entries(ratios)) assert.ok(r >= 4.5, `${what} contrast ${r.toFixed(2)} < 4.5`);
    // From the heading, Tab reaches the first field (the site link comes before the heading).
    await page.locator('h1').click();
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { id: `${el.tagName}#${el.id}`, outline: getComputedStyle(el).outlineStyle, width: getComputedStyle(el).outlineWidth };
    });
    assert.equal(focus.id, 'INPUT#email');
    assert.equal(focus.outline, 'solid', `focused ${focus.id} shows a ring`);
    assert.equal(focus.width, '3px');
    await page.getByRole('button', { name: '订阅' }).click();
    await page.getByRole('heading', { name: '请查收邮件' }).waitFor();
    await background.idle(); // the sign-up is recorded after the answer
    let sub = await store.findSubscriberByEmail('reader@example.org');
    assert.equal(sub?.status, 'pending');
    assert.deepEqual(sub?.topics, ['人工智能战略投资', 'AI/ML']);
    assert.equal(sub?.name, '读者');

    // 2. The confirmation email, as a real SMTP server received it.
    await waitForMail(smtp, 1);
    const mail = smtp.received[0]!;
    assert.deepEqual(mail.to, ['reader@example.org']);
    assert.equal(mail.parsed.subject, '请确认订阅“测试周刊”');
    assert.match(mail.parsed.text ?? '', /^读者，你好！$/m, 'greeted by the name given in the form');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/confirm\?token=\S+)/.exec(mail.parsed.text ?? '')?.[1];
    assert.ok(link, mail.parsed.text);

    // 3. Opening the link changes nothing; the button confirms.
    await page.goto(link);
    await page.getByRole('heading', { name: '确认订阅' }).waitFor();
    assert.equal((await store.findSubscriberByEmail('reader@example.org'))?.status, 'pending');
    await page.getByRole('button', { name: '确认订阅' }).click();
    await page.getByRole('heading', { name: '订阅成功' }).waitFor();
    sub = await store.findSubscriberByEmail('reader@example.org');
    assert.equal(sub?.status, 'confirmed');
    assert.deepEqual(sub?.topics, ['人工智能战略投资', 'AI/ML']);

    // 4. Preferences, from the link every digest carries: swap one topic.
    const links = subscriptionLinks(config, SECRET, sub!.id);
    await page.goto(links.preferencesUrl);
    assert.equal(await page.getByLabel('AI and ML').isChecked(), true);
    await page.getByLabel('AI and ML').uncheck();
    await page.getByLabel('C++').check();
    await page.getByRole('button', { name: '保存主题' }).click();
    await page.getByText('你的主题已保存。').waitFor();
    sub = await store.findSubscriberByEmail('reader@example.org');
    assert.deepEqual(sub?.topics, ['人工智能战略投资', 'C++']);
    assert.equal(sub?.status, 'confirmed');

    // 5. One-click unsubscribe exactly as a mail client sends it (RFC 8058): no cookie, no browser.
    const res = await fetch(links.unsubscribeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'Unsubscribed.\n');
    sub = await store.findSubscriberByEmail('reader@example.org');
    assert.equal(sub?.status, 'unsubscribed');
    assert.ok(sub?.unsubscribedAt);

    // The page behind the same link now offers a way back.
    await page.goto(links.unsubscribeUrl);
    await page.getByRole('heading', { name: '已退订' }).waitFor();
    assert.deepEqual(violations, [], 'no CSP violations');
    await context.close();
  } finally {
    await browser.close();
    await server.close(1000);
    await background.idle();
    await transport.close?.();
    await store.close();
    await smtp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('the embeddable snippet posts from the static site to the service (cross-origin, no CSRF token) in Chromium', { timeout: 30_000 }, async (t) => {
  const browser = await launchBrowser(t);
  if (!browser) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-snippet-'));
  const smtp = await startSmtpServer();
  const store = openSqliteStore(path.join(dir, 'state', 'broadsheet.db'), { durability: 'normal' });
  const transport = smtpMailTransport(smtp.url);
  const background = new BackgroundTasks();
  let app: ReturnType<typeof createApp> | undefined;
  const server = await listen((req, env) => (app ? app.fetch(req, env) : new Response('starting', { status: 503 })), { host: '127.0.0.1', port: 0 });
  // The static site: another origin (another port) serving a page with the shipped snippet.
  const snippet = fs.readFileSync(path.join(shippedTemplatesDir, 'snippets', 'signup.html'), 'utf8').replaceAll('https://subscribe.example.com', server.url);
  const site = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>Site</title></head><body>${snippet}</body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
  try {
    const config = configFromObject({ site: { title: 'Static Site', url: siteUrl }, newsletter: { from: 'news@site.example', service_url: server.url } }, dir);
    app = createApp({ config, store, transport, clock: systemClock, secret: SECRET, topics: TOPICS, background });
    const page = await browser.newPage();
    await page.goto(siteUrl);
    await page.getByLabel('Email address').fill('from-site@example.org');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('heading', { name: 'Check your inbox' }).waitFor();
    assert.equal(new URL(page.url()).origin, new URL(server.url).origin);
    await background.idle();
    const sub = await store.findSubscriberByEmail('from-site@example.org');
    assert.equal(sub?.status, 'pending');
    assert.deepEqual(sub?.topics, [], 'no topic chosen: every topic');
    await waitForMail(smtp, 1);
    assert.deepEqual(smtp.received[0]?.to, ['from-site@example.org']);
    await page.close();
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => site.close(() => resolve()));
    await server.close(1000);
    await background.idle();
    await transport.close?.();
    await store.close();
    await smtp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
