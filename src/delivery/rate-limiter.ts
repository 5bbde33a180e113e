import type { Timer } from './timer.js';

/**
 * A rate limiter whose bound holds as the receiving server measures it. Two rules:
 * consecutive sends start at least `1000 / rate` ms apart (smooth, no initial burst),
 * and any window of `1000 + jitter` ms holds at most `rate` starts (for a fractional
 * rate: at most n = max(1, floor(rate)) starts in `(1000 + jitter) · n / rate` ms).
 * The second rule is what keeps "never more than `rate` in any one second" true at the
 * server: its clock sees each start shifted by network and scheduling delay, and a
 * window there corresponds to one up to `jitter` ms longer here. The price is a rate
 * up to `jitter / 1000` below the configured one (100 ms: 9 %), never above it.
 * A late timer never causes a catch-up burst: slots are counted from when earlier
 * sends were actually let through.
 */
export class RateLimiter {
  readonly spacingMs: number;
  private readonly windowMs: number;
  private readonly perWindow: number;
  /** Start times of the last `perWindow` sends, oldest first. */
  private readonly recent: number[] = [];
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    readonly ratePerSecond: number,
    private readonly timer: Timer,
    jitterMs = 100,
  ) {
    if (!(ratePerSecond > 0)) throw new Error(`rate must be positive, got ${ratePerSecond}`);
    this.spacingMs = 1000 / ratePerSecond;
    this.perWindow = Math.max(1, Math.floor(ratePerSecond));
    this.windowMs = ((1000 + jitterMs) * this.perWindow) / ratePerSecond;
  }

  /** Earliest time the next send may start. */
  private nextSlot(): number {
    const last = this.recent[this.recent.length - 1] ?? Number.NEGATIVE_INFINITY;
    const oldest = this.recent.length >= this.perWindow ? (this.recent[0] as number) : Number.NEGATIVE_INFINITY;
    return Math.max(last + this.spacingMs, oldest + this.windowMs);
  }

  /**
   * Waits for the next send slot. Callers are served one at a time in call order, and
   * slots are measured from the moments earlier callers were let through (not from when
   * they asked), so a caller that wakes late never makes the next one early.
   * Returns false when the signal aborted the wait (the caller must not send then).
   */
  acquire(signal?: AbortSignal): Promise<boolean> {
    const mine = this.turn.then(async () => {
      for (let wait = this.nextSlot() - this.timer.now(); wait > 0; wait = this.nextSlot() - this.timer.now()) {
        if (signal?.aborted) return false;
        await this.timer.sleep(wait, signal);
      }
      if (signal?.aborted) return false;
      this.recent.push(this.timer.now());
      if (this.recent.length > this.perWindow) this.recent.shift();
      return true;
    });
    this.turn = mine;
    return mine;
  }
}
