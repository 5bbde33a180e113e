import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createToken } from '../../src/email/tokens.js';
import { form, h1, harness, lastLinkToken, post, SECRET, signUp } from './fixture.js';

const confirmUrl = (token: string): string => `/confirm?token=${encodeURIComponent(token)}`;

describe('/confirm', () => {
  it('GET shows a Confirm button and changes nothing; the button POST confirms; a second POST is harmless', async () => {
    const h = harness();
    try {
      await signUp(h, 'reader@example.org', ['C++']);
      const token = await lastLinkToken(h, 'confirm');
      for (let i = 0; i < 3; i++) {
        // A mail scanner fetching the link, several times.
        const res = await h.app.request(confirmUrl(token));
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.equal(h1(html), 'Confirm your subscription');
        assert.ok(html.includes(`<form method="post" action="/confirm?token&#x3D;${token}">`));
        assert.match(html, /<button type="submit">Confirm subscription<\/button>/);
      }
      assert.equal((await h.store.findSubscriberByEmail('reader@example.org'))?.status, 'pending');

      h.clock.advance(3600_000);
      const res = await post(h.app, confirmUrl(token), '');
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.equal(h1(html), 'You are subscribed');
      assert.match(html, /<a href="\/preferences\?token&#x3D;[\w.-]+">Manage your topics<\/a>/);
      const sub = await h.store.findSubscriberByEmail('reader@example.org');
      assert.equal(sub?.status, 'confirmed');
      assert.deepEqual(sub?.topics, ['C++']);
      assert.equal(sub?.confirmedAt?.toISOString(), h.clock.now().toISOString());

      h.clock.advance(60_000);
      const again = await post(h.app, confirmUrl(token), '');
      assert.equal(again.status, 200);
      assert.equal((await h.store.findSubscriberByEmail('reader@example.org'))?.confirmedAt?.toISOString(), sub?.confirmedAt?.toISOString());
    } finally {
      await h.close();
    }
  });

  it('refuses tampered, expired and foreign tokens and changes nothing', async () => {
    const h = harness();
    try {
      await signUp(h, 'reader@example.org');
      const token = await lastLinkToken(h, 'confirm');
      const sub = (await h.store.findSubscriberByEmail('reader@example.org'))!;
      const [body, sig] = token.split('.') as [string, string];
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
      const otherSub = await h.store.upsertSubscriber({ email: 'other@example.org', status: 'pending' }, h.clock.now());
      const retargeted = Buffer.from(JSON.stringify({ ...payload, s: otherSub.id })).toString('base64url');
      const bad: [string, string, number][] = [
        ['no token', '/confirm', 400],
        ['garbage', confirmUrl('garbage'), 400],
        ['signature flipped', confirmUrl(`${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`), 400],
        ['payload moved to another subscriber', confirmUrl(`${retargeted}.${sig}`), 400],
        ['signed with another key', confirmUrl(createToken('another-secret-key-000', { purpose: 'confirm', subscriber: sub.id, expires: 4102444800, ...(payload.b ? { bind: String(payload.b) } : {}) })), 400],
        ['an unsubscribe token', confirmUrl(createToken(SECRET, { purpose: 'unsubscribe', subscriber: sub.id })), 400],
        ['a preferences token', confirmUrl(createToken(SECRET, { purpose: 'preferences', subscriber: sub.id })), 400],
        ['a confirm token without the address binding', confirmUrl(createToken(SECRET, { purpose: 'confirm', subscriber: sub.id, expires: 4102444800 })), 400],
      ];
      for (const [what, url, status] of bad) {
        const get = await h.app.request(url);
        assert.equal(get.status, status, `GET ${what}`);
        assert.equal(h1(await get.text()), 'This link does not work', what);
        const res = await post(h.app, url, '');
        assert.equal(res.status, status, `POST ${what}`);
      }
      assert.equal((await h.store.getSubscriber(sub.id))?.status, 'pending');
      assert.equal((await h.store.getSubscriber(otherSub.id))?.status, 'pending');

      h.clock.advance(48 * 3600_000 + 1000);
      const expired = await post(h.app, confirmUrl(token), '');
      assert.equal(expired.status, 410);
      assert.equal(h1(await expired.text()), 'This link has expired');
      assert.equal((await h.store.getSubscriber(sub.id))?.status, 'pending');
    } finally {
      await h.close();
    }
  });

  it('a link issued before the reader unsubscribed does not bring them back; a new sign-up does', async () => {
    const h = harness();
    try {
      await signUp(h, 'back@example.org', ['C++']);
      const first = await lastLinkToken(h, 'confirm');
      await post(h.app, confirmUrl(first), '');
      const sub = (await h.store.findSubscriberByEmail('back@example.org'))!;
      h.clock.advance(60_000);
      await h.store.setSubscriberStatus(sub.id, 'unsubscribed', h.clock.now());

      h.clock.advance(60_000);
      const stale = await post(h.app, confirmUrl(first), '');
      assert.equal(stale.status, 410);
      assert.match(await stale.text(), /older than your last change/);
      assert.equal((await h.store.getSubscriber(sub.id))?.status, 'unsubscribed');

      await signUp(h, 'back@example.org', ['AI/ML']);
      const fresh = await lastLinkToken(h, 'confirm');
      assert.notEqual(fresh, first);
      assert.equal((await h.store.getSubscriber(sub.id))?.status, 'unsubscribed', 'still out until confirmed');
      const res = await post(h.app, confirmUrl(fresh), '');
      assert.equal(res.status, 200);
      const back = await h.store.getSubscriber(sub.id);
      assert.equal(back?.status, 'confirmed');
      assert.deepEqual(back?.topics, ['AI/ML']);
    } finally {
      await h.close();
    }
  });

  it('POST needs a form content type like every other POST (415)', async () => {
    const h = harness();
    try {
      await signUp(h, 'reader@example.org');
      const token = await lastLinkToken(h, 'confirm');
      const res = await h.app.request(confirmUrl(token), { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(res.status, 415);
      assert.equal((await h.store.findSubscriberByEmail('reader@example.org'))?.status, 'pending');
      assert.equal((await post(h.app, confirmUrl(token), form([]))).status, 200);
    } finally {
      await h.close();
    }
  });
});
