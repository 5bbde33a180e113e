import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { form, formSession, harness, post } from './fixture.js';

describe('POST /subscribe limits: rate per address and client, body size, content type', () => {
  it('sends at most 3 emails per address per day, silently (same page), and again after a day', async () => {
    const h = harness();
    try {
      const pages = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const res = await post(h.app, '/subscribe', form([['email', 'flood@example.org']]), { origin: 'https://site.example' });
        assert.equal(res.status, 200);
        pages.add(await res.text());
      }
      assert.equal(pages.size, 1);
      await h.background.idle();
      assert.equal(h.sent.filter((m) => m.to === 'flood@example.org').length, 3);
      h.clock.advance(24 * 3600_000);
      await post(h.app, '/subscribe', form([['email', 'FLOOD@example.org']]), { origin: 'https://site.example' });
      await h.background.idle();
      assert.equal(h.sent.length, 4);
    } finally {
      await h.close();
    }
  });

  it('allows 10 sign-ups per client per hour, then 429 with Retry-After', async () => {
    const h = harness({ deps: { clientKey: (c) => c.req.header('x-test-client') ?? 'none' } });
    try {
      for (let i = 0; i < 10; i++) {
        const res = await post(h.app, '/subscribe', form([['email', `n${i}@example.org`]]), { origin: 'https://site.example', 'x-test-client': 'A' });
        assert.equal(res.status, 200, `sign-up ${i}`);
      }
      const over = await post(h.app, '/subscribe', form([['email', 'n10@example.org']]), { origin: 'https://site.example', 'x-test-client': 'A' });
      assert.equal(over.status, 429);
      assert.ok(Number(over.headers.get('retry-after')) > 0 && Number(over.headers.get('retry-after')) <= 3600);
      assert.match(await over.text(), /Too many requests/);
      await h.background.idle();
      assert.equal(await h.store.findSubscriberByEmail('n10@example.org'), undefined);
      // Another client is not affected; the first is served again once a token refills.
      const other = await post(h.app, '/subscribe', form([['email', 'b@example.org']]), { origin: 'https://site.example', 'x-test-client': 'B' });
      assert.equal(other.status, 200);
      h.clock.advance(6 * 60_000);
      const later = await post(h.app, '/subscribe', form([['email', 'n10@example.org']]), { origin: 'https://site.example', 'x-test-client': 'A' });
      assert.equal(later.status, 200);
    } finally {
      await h.close();
    }
  });

  it('keys the client limit on the last X-Forwarded-For entry only with server.trust_proxy', async () => {
    // [trust_proxy, does the real (last) address change per request?, status of the 11th sign-up]
    const scenarios: [boolean, boolean, number][] = [
      [false, true, 429], // header ignored: every request has the socket's key
      [true, false, 429], // one real client rotating the addresses it claims
      [true, true, 200], // eleven real clients behind the proxy
    ];
    for (const [trust, realChanges, expected] of scenarios) {
      const h = harness({ config: { server: { trust_proxy: trust } } });
      try {
        let last = 0;
        for (let i = 0; i < 11; i++) {
          const xff = `10.0.0.${i}, 192.0.2.${realChanges ? i : 1}`;
          last = (await post(h.app, '/subscribe', form([['email', `p${i}@example.org`]]), { origin: 'https://site.example', 'x-forwarded-for': xff })).status;
        }
        assert.equal(last, expected, `trust_proxy ${trust}, real address changes ${realChanges}`);
      } finally {
        await h.close();
      }
    }
  });

  it('answers 413 above 16 KB (declared or streamed) and 415 for a non-form content type', async () => {
    const h = harness();
    try {
      const s = await formSession(h.app, '/subscribe');
      const big = form([['csrf', s.csrf], ['email', 'big@example.org'], ['name', 'x'.repeat(17 * 1024)]]);
      const declared = await post(h.app, '/subscribe', big, { cookie: s.cookie });
      assert.equal(declared.status, 413);
      // A chunked body has no Content-Length: the limit is counted while reading.
      const bytes = new TextEncoder().encode(big.toString());
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1024) controller.enqueue(bytes.slice(i, i + 1024));
          controller.close();
        },
      });
      const streamed = await h.app.request('/subscribe', {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: s.cookie },
        duplex: 'half',
      } as RequestInit);
      assert.equal(streamed.status, 413);
      for (const type of ['application/json', 'text/plain', '']) {
        const res = await h.app.request('/subscribe', { method: 'POST', body: JSON.stringify({ email: 'j@example.org' }), headers: type ? { 'content-type': type, origin: 'https://site.example' } : { origin: 'https://site.example' } });
        assert.equal(res.status, 415, type || 'no content type');
      }
      assert.equal((await h.store.listSubscribers()).length, 0);
    } finally {
      await h.close();
    }
  });
});
