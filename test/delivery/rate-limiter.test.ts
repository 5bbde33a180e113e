import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateLimiter } from '../../src/delivery/rate-limiter.js';
import { FakeTimer } from './fake-timer.js';
import { maxPerSecond } from './fault-smtp.js';

test('never more than `rate` starts in any one-second window, the first included', async () => {
  for (const rate of [1, 3, 10, 25]) {
    const timer = new FakeTimer();
    const limiter = new RateLimiter(rate, timer);
    const starts: number[] = [];
    // Five concurrent workers asking as fast as they can.
    const worker = async (): Promise<void> => {
      for (let i = 0; i < rate * 2; i++) {
        assert.equal(await limiter.acquire(), true);
        starts.push(timer.now());
      }
    };
    await timer.run(Promise.all([worker(), worker(), worker(), worker(), worker()]));
    assert.equal(starts.length, rate * 10);
    assert.ok(maxPerSecond(starts) <= rate, `rate ${rate}: ${maxPerSecond(starts)} in one second`);
    // …and not needlessly slow: the first second holds the full rate.
    assert.equal(starts.filter((t) => t < 1000).length, rate, `rate ${rate}: first second`);
  }
});

test('a late wake-up does not cause a catch-up burst', async () => {
  const timer = new FakeTimer();
  const limiter = new RateLimiter(10, timer);
  const starts: number[] = [];
  const go = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      starts.push(timer.now());
    }
    // A pause of 3 s (e.g. waiting for retries), then a rush.
    await timer.sleep(3000);
    for (let i = 0; i < 15; i++) {
      await limiter.acquire();
      starts.push(timer.now());
    }
  };
  await timer.run(go());
  assert.ok(maxPerSecond(starts) <= 10);
  for (let i = 1; i < starts.length; i++) assert.ok((starts[i] as number) - (starts[i - 1] as number) >= 100, `gap ${i}`);
});

test('an aborted wait returns false and does not send', async () => {
  const timer = new FakeTimer();
  const limiter = new RateLimiter(1, timer);
  const controller = new AbortController();
  assert.equal(await limiter.acquire(controller.signal), true);
  const second = limiter.acquire(controller.signal);
  controller.abort();
  assert.equal(await second, false);
  assert.throws(() => new RateLimiter(0, timer));
});

test('the bound survives up to 100 ms of delay between sender and server (jitter)', async () => {
  for (const rate of [5, 20]) {
    const timer = new FakeTimer();
    const limiter = new RateLimiter(rate, timer);
    const starts: number[] = [];
    const worker = async (): Promise<void> => {
      for (let i = 0; i < rate * 2; i++) {
        await limiter.acquire();
        starts.push(timer.now());
      }
    };
    await timer.run(Promise.all([worker(), worker(), worker()]));
    // The worst case as a server sees it: every other message delayed by 99 ms.
    const seen = starts.map((t, i) => t + (i % 2 === 0 ? 99 : 0));
    assert.ok(maxPerSecond(seen) <= rate, `rate ${rate}: ${maxPerSecond(seen)} in one second at the server`);
  }
});
