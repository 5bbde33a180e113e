import type { Timer } from './timer.js';

/**
 * A strict interval scheduler: sends start at least `spacing` ms apart, where
 * `spacing = (1000 + slack) / rate`. Consecutive starts are never closer than that, so
 * any one-second window — the first included, there is no initial burst — holds at most
 * `rate` sends. The small slack (10 ms per second by default, 1 % of throughput) keeps the
 * bound true as the receiving server measures it too, despite a few ms of network jitter.
 * A late timer never causes a catch-up burst: the next slot is counted from when the
 * previous send was actually let through.
 */
export class RateLimiter {
  readonly spacingMs: number;
  private last = Number.NEGATIVE_INFINITY;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    readonly ratePerSecond: number,
    private readonly timer: Timer,
    slackMs = 10,
  ) {
    if (!(ratePerSecond > 0)) throw new Error(`rate must be positive, got ${ratePerSecond}`);
    this.spacingMs = (1000 + slackMs) / ratePerSecond;
  }

  /**
   * Waits for the next send slot. Callers are served one at a time in call order, and
   * the spacing is measured from the moment the previous caller was let through (not
   * from when it asked), so a caller that wakes late never makes the next one early.
   * Returns false when the signal aborted the wait (the caller must not send then).
   */
  acquire(signal?: AbortSignal): Promise<boolean> {
    const mine = this.turn.then(async () => {
      for (let wait = this.last + this.spacingMs - this.timer.now(); wait > 0; wait = this.last + this.spacingMs - this.timer.now()) {
        if (signal?.aborted) return false;
        await this.timer.sleep(wait, signal);
      }
      if (signal?.aborted) return false;
      this.last = this.timer.now();
      return true;
    });
    this.turn = mine;
    return mine;
  }
}
