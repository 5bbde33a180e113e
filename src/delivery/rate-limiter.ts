import type { Timer } from './timer.js';

/**
 * A strict interval scheduler: sends start at least `spacing` ms apart, where
 * `spacing = (1000 + slack) / rate`. Consecutive starts are never closer than that, so
 * any one-second window — the first included, there is no initial burst — holds at most
 * `rate` sends. The small slack (10 ms per second by default, 1 % of throughput) keeps the
 * bound true as the receiving server measures it too, despite a few ms of network jitter.
 * A late timer never causes a catch-up burst: the next slot is counted from the later
 * of the previous slot and now.
 */
export class RateLimiter {
  readonly spacingMs: number;
  private next = Number.NEGATIVE_INFINITY;

  constructor(
    readonly ratePerSecond: number,
    private readonly timer: Timer,
    slackMs = 10,
  ) {
    if (!(ratePerSecond > 0)) throw new Error(`rate must be positive, got ${ratePerSecond}`);
    this.spacingMs = (1000 + slackMs) / ratePerSecond;
  }

  /**
   * Waits for the next send slot. Slots are reserved in call order, synchronously, so
   * concurrent callers never share one. Returns false when the signal aborted the wait
   * (the caller must not send then).
   */
  async acquire(signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return false;
    const slot = Math.max(this.next, this.timer.now());
    this.next = slot + this.spacingMs;
    // Timers may wake a little early; wait again until the slot has really come.
    for (let wait = slot - this.timer.now(); wait > 0; wait = slot - this.timer.now()) {
      await this.timer.sleep(wait, signal);
      if (signal?.aborted) return false;
    }
    return !signal?.aborted;
  }
}
