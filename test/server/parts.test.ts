import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromObject } from '../../src/config/load.js';
import { createCsrfToken, newCsrfNonce, verifyCsrfToken } from '../../src/server/csrf.js';
import { feedLinks, feedLinkTags } from '../../src/server/feed-links.js';
import { createRateLimiter } from '../../src/server/rate-limit.js';
import { topicOptions } from '../../src/server/topics.js';
import { parseSubscribeForm } from '../../src/server/validate.js';
import type { Term } from '../../src/content/article.js';
import { StepClock } from './fixture.js';

describe('rate limiter (token buckets)', () => {
  it('allows the capacity, then refills continuously with the clock', () => {
    const clock = new StepClock();
    const limiter = createRateLimiter(clock, { r: { capacity: 3, windowMs: 3000 } });
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.take('r', 'k')), [true, true, true, false]);
    assert.equal(limiter.retryAfter('r', 'k'), 1);
    assert.equal(limiter.take('r', 'other'), true, 'keys are independent');
    clock.advance(999);
    assert.equal(limiter.take('r', 'k'), false);
    clock.advance(1);
    assert.equal(limiter.take('r', 'k'), true);
    assert.equal(limiter.take('r', 'k'), false);
    clock.advance(60_000);
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.take('r', 'k')), [true, true, true, false], 'never more than the capacity');
  });

  it('stays bounded under a flood of distinct keys', () => {
    const clock = new StepClock();
    const limiter = createRateLimiter(clock, { r: { capacity: 1, windowMs: 3_600_000 } }, 100);
    for (let i = 0; i < 1000; i++) assert.equal(limiter.take('r', `k${i}`), true);
    // The most recent keys are still remembered.
    assert.equal(limiter.take('r', 'k999'), false);
  });
});

describe('CSRF tokens', () => {
  const secret = 'csrf-test-secret-value';
  it('verify only with the same nonce, form and secret, within 12 hours', () => {
    const now = new Date('2026-03-02T09:00:00Z');
    const nonce = newCsrfNonce();
    const token = createCsrfToken(secret, nonce, 'subscribe', now);
    assert.equal(verifyCsrfToken(secret, nonce, 'subscribe', token, now), true);
    assert.equal(verifyCsrfToken(secret, newCsrfNonce(), 'subscribe', token, now), false);
    assert.equal(verifyCsrfToken(secret, nonce, 'preferences:x', token, now), false);
    assert.equal(verifyCsrfToken('another-secret-value', nonce, 'subscribe', token, now), false);
    assert.equal(verifyCsrfToken(secret, nonce, 'subscribe', token, new Date(now.getTime() + 12 * 3600_000 + 1000)), false);
    assert.equal(verifyCsrfToken(secret, undefined, 'subscribe', token, now), false);
    assert.equal(verifyCsrfToken(secret, nonce, 'subscribe', undefined, now), false);
    // Moving the time forward in the token breaks the MAC.
    const [issued, mac] = token.split('.');
    assert.equal(verifyCsrfToken(secret, nonce, 'subscribe', `${Number(issued) + 3600}.${mac}`, now), false);
  });
});

describe('subscribe form validation', () => {
  const topics = new Set(['C++', '数据治理']);
  const parse = (pairs: [string, string][]) => parseSubscribeForm(new URLSearchParams(pairs), topics);
  it('accepts internationalised addresses and trims; rejects control characters and header-breaking characters', () => {
    const ok = parse([['email', '  用户@例子.中国 '], ['name', ' 读者 '], ['topics', '数据治理'], ['topics', '数据治理']]);
    assert.deepEqual(ok, { ok: true, value: { email: '用户@例子.中国', name: '读者', topics: ['数据治理'] } });
    for (const email of ['a@b.c\r\nBcc: x@y.z', 'a<b>@c.de', 'a@b..c', '@b.cd', 'a@.b.cd', 'a,b@c.de', '']) {
      const r = parse([['email', email]]);
      assert.equal(r.ok, false, JSON.stringify(email));
    }
    assert.deepEqual(parse([['email', 'a@b.cd'], ['name', 'x\u0007y']]), { ok: false, errors: ['name'] });
    assert.deepEqual(parse([['email', 'bad'], ['topics', 'nope']]), { ok: false, errors: ['email', 'topics'] }, 'every problem at once');
  });
});

describe('feed autodiscovery links', () => {
  it('lists RSS, Atom and JSON Feed for the site and for a topic with a non-ASCII slug', () => {
    const config = configFromObject({ site: { title: 'Weekly', url: 'https://example.com/blog' } });
    assert.deepEqual(feedLinks(config).map((l) => l.href), ['https://example.com/blog/feed.xml', 'https://example.com/blog/atom.xml', 'https://example.com/blog/feed.json']);
    const topic = feedLinks(config, { kind: 'topics', slug: '人工智能', title: '人工智能 & 投资' });
    assert.equal(topic[0]?.href, 'https://example.com/blog/topics/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/feed.xml');
    assert.equal(
      feedLinkTags(topic.slice(0, 1)),
      '<link rel="alternate" type="application/rss+xml" title="Weekly · 人工智能 &amp; 投资 (RSS)" href="https://example.com/blog/topics/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/feed.xml">',
    );
  });
});

describe('topic options', () => {
  it('puts digest.topics first, then the taxonomy order, matching names loosely', () => {
    const term = (name: string, title = name): Term => ({ name, title, slug: name, articles: [] });
    const terms = [term('A'), term('B', 'Bee'), term('C')];
    assert.deepEqual(topicOptions(terms, ['c', 'missing']), [
      { name: 'C', title: 'C' },
      { name: 'A', title: 'A' },
      { name: 'B', title: 'Bee' },
    ]);
  });
});
