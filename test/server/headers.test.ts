import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createToken } from '../../src/email/tokens.js';
import { createApp } from '../../src/server/app.js';
import { form, harness, lastLinkToken, post, SECRET, signUp, SITE_URL } from './fixture.js';

const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

describe('security headers, health, stylesheet, logs', () => {
  it('every response carries the strict CSP and friends; pages are no-store', async () => {
    const h = harness();
    try {
      const sub = await h.store.upsertSubscriber({ email: 'reader@example.org', status: 'confirmed' }, h.clock.now());
      const token = createToken(SECRET, { purpose: 'unsubscribe', subscriber: sub.id });
      const responses = [
        await h.app.request('/subscribe'),
        await h.app.request(`/unsubscribe?token=${token}`),
        await post(h.app, `/unsubscribe?token=${token}`, 'List-Unsubscribe=One-Click'),
        await h.app.request('/health'),
        await h.app.request('/nowhere'),
        await h.app.request('/assets/style.css'),
        await post(h.app, '/subscribe', form([['email', 'x@example.org']])),
      ];
      for (const res of responses) {
        assert.equal(res.headers.get('content-security-policy'), CSP, res.url);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
        assert.equal(res.headers.get('x-frame-options'), 'DENY');
        assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000', 'the service URL is https');
      }
      for (const res of responses.slice(0, 5)) assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(responses[4]?.status, 404);
    } finally {
      await h.close();
    }
  });

  it('serves the stylesheet (style-src self) with focus styles', async () => {
    const h = harness();
    try {
      const res = await h.app.request('/assets/style.css');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'text/css; charset=utf-8');
      assert.match(res.headers.get('cache-control') ?? '', /max-age=3600/);
      assert.match(await res.text(), /:focus-visible\s*\{\s*outline: 3px solid/);
    } finally {
      await h.close();
    }
  });

  it('GET /health reports the store; 503 when it fails', async () => {
    const h = harness();
    try {
      const ok = await h.app.request('/health');
      assert.equal(ok.status, 200);
      assert.deepEqual(await ok.json(), { status: 'ok', store: 'ok' });
      await h.store.close();
      const down = await h.app.request('/health');
      assert.equal(down.status, 503);
      assert.deepEqual(await down.json(), { status: 'error', store: 'unavailable' });
    } finally {
      await h.close().catch(() => undefined);
    }
  });

  it('logs method, path, status and duration, never a token or an address', async () => {
    const h = harness();
    try {
      await signUp(h, 'private.person@example.org', ['C++']);
      const token = await lastLinkToken(h, 'confirm');
      await h.app.request(`/confirm?token=${token}`);
      await post(h.app, `/confirm?token=${token}`, '');
      await h.app.request('/private.person@example.org');
      assert.ok(h.logs.length >= 5);
      for (const line of h.logs) assert.match(line, /^(GET|POST|HEAD) (\/[a-z/.]*|-) \d{3} \d+ms$/, line);
      const all = h.logs.join('\n');
      assert.ok(!all.includes(token.slice(0, 12)) && !all.includes('private.person') && !all.includes('?'), all);
      assert.match(all, /^POST \/confirm 200 \d+ms$/m);
      assert.match(all, /^GET - 404 \d+ms$/m);
    } finally {
      await h.close();
    }
  });

  it('a failed confirmation email is logged without the address', async () => {
    const failing = { send: async () => Promise.reject(Object.assign(new Error('550 <victim@example.org>: no such user'), { responseCode: 550, command: 'RCPT TO:<victim@example.org>' })) };
    const h = harness({ transport: failing });
    try {
      await post(h.app, '/subscribe', form([['email', 'victim@example.org']]), { origin: 'https://site.example' });
      await h.background.idle();
      const line = h.logs.find((l) => l.startsWith('sending'));
      assert.equal(line, 'sending a confirmation email failed: SMTP 550, after RCPT');
    } finally {
      await h.close();
    }
  });

  it('a page template in digest.templates overrides the shipped one; the rest stay shipped', async () => {
    const h = harness({ config: { digest: { templates: 'my-templates' } } });
    try {
      fs.mkdirSync(path.join(h.dir, 'my-templates', 'pages'), { recursive: true });
      fs.writeFileSync(path.join(h.dir, 'my-templates', 'pages', 'check-inbox.hbs'), '<h1>{{title}}</h1><p class="custom">Look for mail from {{site.title}}.</p>');
      const app = createApp({ config: h.config, store: h.store, transport: { send: async () => undefined }, clock: h.clock, secret: SECRET, topics: [] });
      const res = await post(app, '/subscribe', form([['email', 'o@example.org']]), { origin: 'https://site.example' });
      assert.match(await res.text(), /<p class="custom">Look for mail from Test Weekly\.<\/p>/);
      assert.match(await (await app.request('/subscribe')).text(), /<form method="post" action="\/subscribe"/);
    } finally {
      await h.close();
    }
  });

  it('405 with Allow for a known path and a method it does not take', async () => {
    const h = harness();
    try {
      const res = await h.app.request('/subscribe', { method: 'PUT' });
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'GET, HEAD, POST');
    } finally {
      await h.close();
    }
  });

  it('serves under the path of newsletter.service_url, with links and cookies scoped to it', async () => {
    const h = harness({ config: { newsletter: { from: 'news@site.example', service_url: 'http://127.0.0.1:9/newsletter/' } } });
    try {
      assert.equal((await h.app.request('/subscribe')).status, 404);
      const res = await h.app.request('/newsletter/subscribe');
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /action="\/newsletter\/subscribe"/);
      assert.match(html, /href="\/newsletter\/assets\/style.css"/);
      assert.match(res.headers.get('set-cookie') ?? '', /Path=\/newsletter;/);
      assert.doesNotMatch(res.headers.get('set-cookie') ?? '', /Secure/, 'plain http: no Secure flag');
      assert.equal(res.headers.get('strict-transport-security'), null);
      await post(h.app, '/newsletter/subscribe', form([['email', 'p@example.org']]), { origin: new URL(SITE_URL).origin });
      await h.background.idle();
      assert.match(h.sent[0]?.text ?? '', /http:\/\/127\.0\.0\.1:9\/newsletter\/confirm\?token=/);
    } finally {
      await h.close();
    }
  });

  it('answers newsletter.service_url itself, with and without its trailing slash, by redirecting to the form', async () => {
    const h = harness({ config: { newsletter: { from: 'news@site.example', service_url: 'https://site.example/newsletter/' } } });
    try {
      for (const p of ['/newsletter/', '/newsletter']) {
        const res = await h.app.request(p);
        assert.equal(res.status, 303, `GET ${p}`);
        assert.equal(res.headers.get('location'), '/newsletter/subscribe', `GET ${p}`);
      }
    } finally {
      await h.close();
    }
  });
});
