import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createToken } from '../../src/email/tokens.js';
import { h1, harness, post, SECRET } from './fixture.js';

const unsubUrl = (id: string, secret = SECRET): string => `/unsubscribe?token=${encodeURIComponent(createToken(secret, { purpose: 'unsubscribe', subscriber: id }))}`;
const ONE_CLICK = 'List-Unsubscribe=One-Click';

describe('/unsubscribe (RFC 8058)', () => {
  it('GET shows a button and changes nothing, however often it is fetched', async () => {
    const h = harness();
    try {
      const sub = await h.store.upsertSubscriber({ email: 'reader@example.org', status: 'confirmed' }, h.clock.now());
      for (let i = 0; i < 3; i++) {
        const res = await h.app.request(unsubUrl(sub.id));
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.equal(h1(html), 'Unsubscribe from Test Weekly');
        assert.match(html, /<form method="post" action="\/unsubscribe\?token&#x3D;[\w.-]+">/);
        assert.match(html, /<button type="submit">Unsubscribe<\/button>/);
        assert.equal(res.headers.get('cache-control'), 'no-store');
      }
      const head = await h.app.request(unsubUrl(sub.id), { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), '');
      assert.equal((await h.store.getSubscriber(sub.id))?.status, 'confirmed');
    } finally {
      await h.close();
    }
  });

  it('one-click POST (urlencoded) unsubscribes: 200, tiny body, no cookie, no redirect; repeating it is harmless', async () => {
    const h = harness();
    try {
      const sub = await h.store.upsertSubscriber({ email: 'reader@example.org', status: 'confirmed', topics: ['C++'] }, h.clock.now());
      h.clock.advance(1000);
      const res = await post(h.app, unsubUrl(sub.id), ONE_CLICK);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('set-cookie'), null);
      assert.equal(res.headers.get('location'), null);
      const body = await res.text();
      assert.equal(body, 'Unsubscribed.\n');
      const after = await h.store.getSubscriber(sub.id);
      assert.equal(after?.status, 'unsubscribed');
      const when = after?.unsubscribedAt?.toISOString();
      assert.equal(when, h.clock.now().toISOString());

      h.clock.advance(60_000);
      const again = await post(h.app, unsubUrl(sub.id), ONE_CLICK);
      assert.equal(again.status, 200);
      assert.equal((await h.store.getSubscriber(sub.id))?.unsubscribedAt?.toISOString(), when, 'the first time stands');
      // GET now shows the "unsubscribed" page with a way back.
      const page = await (await h.app.request(unsubUrl(sub.id))).text();
      assert.equal(h1(page), 'You are unsubscribed');
      assert.match(page, /<form method="post" action="\/subscribe"/);
    } finally {
      await h.close();
    }
  });

  it('one-click POST as multipart/form-data works too', async () => {
    const h = harness();
    try {
      const sub = await h.store.upsertSubscriber({ email: 'reader@example.org', status: 'confirmed' }, h.clock.now());
      const fd = new FormData();
      fd.append('List-Unsubscribe', 'One-Click');
      const res = await h.app.request(unsubUrl(sub.id), { method: 'POST', body: fd });
      assert.equal(res.status, 200);
      assert.equal((await h.store.getSubscriber(sub.id))?.status, 'unsubscribed');
    } finally {
      await h.close();
    }
  });

  it('the page button (via=page) unsubscribes and shows the page with a re-subscribe form', async () => {
    const h = harness();
    try {
      const sub = await h.store.upsertSubscriber({ email: 'reader@example.org', status: 'pending', topics: ['AI/ML'] }, h.clock.now());
      const res = await post(h.app, unsubUrl(sub.id), 'via=page');
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.equal(h1(html), 'You are unsubscribed');
      assert.match(html, /value="AI\/ML" checked/);
      assert.equal((await h.store.getSubscriber(sub.id))?.status, 'unsubscribed');
    } finally {
      await h.close();
    }
  });

  it('refuses forged tokens, a body without List-Unsubscribe=One-Click, and non-form bodies; nothing changes', async () => {
    const h = harness();
    try {
      const sub = await h.store.upsertSubscriber({ email: 'reader@example.org', status: 'confirmed' }, h.clock.now());
      const cases: [string, string, string | undefined, number][] = [
        ['another key', unsubUrl(sub.id, 'not-the-real-secret-x'), ONE_CLICK, 400],
        ['a preferences token', `/unsubscribe?token=${encodeURIComponent(createToken(SECRET, { purpose: 'preferences', subscriber: sub.id }))}`, ONE_CLICK, 400],
        ['a confirm token', `/unsubscribe?token=${encodeURIComponent(createToken(SECRET, { purpose: 'confirm', subscriber: sub.id, expires: 4102444800 }))}`, ONE_CLICK, 400],
        ['no token', '/unsubscribe', ONE_CLICK, 400],
        ['truncated', unsubUrl(sub.id).slice(0, -3), ONE_CLICK, 400],
        ['wrong body', unsubUrl(sub.id), 'List-Unsubscribe=Yes', 400],
        ['empty body', unsubUrl(sub.id), '', 400],
      ];
      for (const [what, url, body, status] of cases) {
        const res = await post(h.app, url, body ?? '');
        assert.equal(res.status, status, what);
      }
      const json = await h.app.request(unsubUrl(sub.id), { method: 'POST', body: ONE_CLICK, headers: { 'content-type': 'text/plain' } });
      assert.equal(json.status, 415);
      const huge = await post(h.app, unsubUrl(sub.id), `${ONE_CLICK}&pad=${'x'.repeat(20_000)}`);
      assert.equal(huge.status, 413);
      assert.equal((await h.store.getSubscriber(sub.id))?.status, 'confirmed');
    } finally {
      await h.close();
    }
  });

  it('a valid token for a deleted subscriber answers 200 (nobody left to mail)', async () => {
    const h = harness();
    try {
      const sub = await h.store.upsertSubscriber({ email: 'gone@example.org', status: 'confirmed' }, h.clock.now());
      await h.store.removeSubscriber(sub.id);
      assert.equal((await post(h.app, unsubUrl(sub.id), ONE_CLICK)).status, 200);
      assert.equal(await h.store.getSubscriber(sub.id), undefined);
    } finally {
      await h.close();
    }
  });
});
