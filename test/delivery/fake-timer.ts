import type { Timer } from '../../src/delivery/timer.js';

/**
 * Virtual time for tests: `sleep` parks the caller until `run()` advances the clock to
 * its wake time. Wake-ups happen in time order, so concurrent sleepers interleave as
 * they would in real time, without waiting for it.
 */
export class FakeTimer implements Timer {
  private t = 0;
  private waiters: { at: number; resolve: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const waiter = { at: this.t + Math.max(0, ms), resolve };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', () => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve();
      }, { once: true });
    });
  }

  /** Advances time, waking sleepers in order, until nobody sleeps and `until` resolves. */
  async run<T>(until: Promise<T>): Promise<T> {
    let done = false;
    const result = until.finally(() => {
      done = true;
    });
    for (let guard = 0; guard < 1_000_000 && !done; guard++) {
      await new Promise((r) => setImmediate(r));
      if (this.waiters.length === 0) continue;
      this.waiters.sort((a, b) => a.at - b.at);
      const next = this.waiters.shift() as { at: number; resolve: () => void };
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    return result;
  }
}
