import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createToken } from '../../src/email/tokens.js';
import type { Subscriber } from '../../src/store/types.js';
import { form, formSession, h1, harness, post, SECRET, type Harness } from './fixture.js';

async function confirmed(h: Harness, topics: string[] = ['C++']): Promise<Subscriber> {
  return h.store.upsertSubscriber({ email: 'reader@example.org', name: 'Ada', topics, status: 'confirmed' }, h.clock.now());
}
const prefsUrl = (id: string, secret = SECRET): string => `/preferences?token=${encodeURIComponent(createToken(secret, { purpose: 'preferences', subscriber: id }))}`;

describe('/preferences', () => {
  it('GET shows the subscriber’s topics checked and an unsubscribe button; POST saves new topics', async () => {
    const h = harness();
    try {
      const sub = await confirmed(h);
      const url = prefsUrl(sub.id);
      const s = await formSession(h.app, url);
      assert.equal(h1(s.html), 'Your subscription');
      const checked = [...s.html.matchAll(/name="topics" value="([^"]*)" checked/g)].map((m) => m[1]);
      assert.deepEqual(checked, ['C++']);
      assert.match(s.html, /<form method="post" action="\/unsubscribe\?token&#x3D;[\w.-]+">\s*<input type="hidden" name="via" value="page">/);

      h.clock.advance(1000);
      const res = await post(h.app, url, form([['csrf', s.csrf], ['topics', '人工智能战略投资'], ['topics', 'AI/ML']]), { cookie: s.cookie });
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /Your topics are saved/);
      assert.deepEqual([...html.matchAll(/name="topics" value="([^"]*)" checked/g)].map((m) => m[1]), ['人工智能战略投资', 'AI/ML']);
      const after = await h.store.getSubscriber(sub.id);
      assert.deepEqual(after?.topics, ['人工智能战略投资', 'AI/ML']);
      assert.equal(after?.status, 'confirmed');

      // No box checked = every topic.
      const s2 = await formSession(h.app, url, { cookie: s.cookie });
      assert.equal((await post(h.app, url, form([['csrf', s2.csrf]]), { cookie: s.cookie })).status, 200);
      assert.deepEqual((await h.store.getSubscriber(sub.id))?.topics, []);
    } finally {
      await h.close();
    }
  });

  it('POST without a CSRF token, with another subscriber’s token, or from another cookie: 403, nothing changes', async () => {
    const h = harness();
    try {
      const sub = await confirmed(h);
      const other = await h.store.upsertSubscriber({ email: 'other@example.org', status: 'confirmed' }, h.clock.now());
      const url = prefsUrl(sub.id);
      const mine = await formSession(h.app, url);
      const theirs = await formSession(h.app, prefsUrl(other.id), { cookie: mine.cookie });
      const attempts: { body: [string, string][]; cookie?: string }[] = [
        { body: [['topics', 'AI/ML']], cookie: mine.cookie },
        { body: [['csrf', mine.csrf], ['topics', 'AI/ML']] },
        { body: [['csrf', theirs.csrf], ['topics', 'AI/ML']], cookie: mine.cookie },
        { body: [['csrf', mine.csrf], ['topics', 'AI/ML']], cookie: 'broadsheet_csrf=BBBBBBBBBBBBBBBBBBBBBBBB' },
      ];
      for (const a of attempts) {
        const res = await post(h.app, url, form(a.body), a.cookie ? { cookie: a.cookie } : {});
        assert.equal(res.status, 403);
        assert.match(await res.text(), /The form had expired/);
      }
      assert.deepEqual((await h.store.getSubscriber(sub.id))?.topics, ['C++']);
    } finally {
      await h.close();
    }
  });

  it('rejects unknown topics (400) but keeps a topic the subscriber already holds', async () => {
    const h = harness();
    try {
      const sub = await confirmed(h, ['C++', 'Retired topic']);
      const url = prefsUrl(sub.id);
      const s = await formSession(h.app, url);
      assert.match(s.html, /value="Retired topic" checked/);
      const bad = await post(h.app, url, form([['csrf', s.csrf], ['topics', 'Invented']]), { cookie: s.cookie });
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /Choose only topics from the list/);
      assert.deepEqual((await h.store.getSubscriber(sub.id))?.topics, ['C++', 'Retired topic']);
      const ok = await post(h.app, url, form([['csrf', s.csrf], ['topics', 'Retired topic']]), { cookie: s.cookie });
      assert.equal(ok.status, 200);
      assert.deepEqual((await h.store.getSubscriber(sub.id))?.topics, ['Retired topic']);
    } finally {
      await h.close();
    }
  });

  it('refuses tampered and foreign tokens on GET and POST', async () => {
    const h = harness();
    try {
      const sub = await confirmed(h);
      const s = await formSession(h.app, prefsUrl(sub.id));
      const urls = [
        '/preferences',
        prefsUrl(sub.id, 'some-other-secret-value'),
        `/preferences?token=${encodeURIComponent(createToken(SECRET, { purpose: 'unsubscribe', subscriber: sub.id }))}`,
        `/preferences?token=${encodeURIComponent(createToken(SECRET, { purpose: 'preferences', subscriber: 'no-such-id' }))}`,
        `${prefsUrl(sub.id)}x`,
      ];
      for (const url of urls) {
        assert.equal((await h.app.request(url)).status, 400, url);
        const res = await post(h.app, url, form([['csrf', s.csrf], ['topics', 'AI/ML']]), { cookie: s.cookie });
        assert.equal(res.status, 400, url);
      }
      assert.deepEqual((await h.store.getSubscriber(sub.id))?.topics, ['C++']);
    } finally {
      await h.close();
    }
  });

  it('for someone who left shows a re-subscribe form (double opt-in), not the topic form', async () => {
    const h = harness();
    try {
      const sub = await confirmed(h);
      await h.store.setSubscriberStatus(sub.id, 'unsubscribed', h.clock.now());
      const html = await (await h.app.request(prefsUrl(sub.id))).text();
      assert.match(html, /You are unsubscribed and receive nothing/);
      assert.match(html, /<form method="post" action="\/subscribe"/);
      assert.match(html, /value="reader@example.org"/);
      assert.doesNotMatch(html, /action="\/preferences/);
    } finally {
      await h.close();
    }
  });
});
