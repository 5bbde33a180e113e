/**
 * Monotonic time and waiting, injectable so rate limits and back-off are tested with
 * a fake timer rather than real seconds.
 */
export interface Timer {
  /** Milliseconds on a monotonic clock (only differences matter). */
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** performance.now() and setTimeout (setImmediate below a millisecond). */
export const realTimer: Timer = {
  now: () => performance.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      // Below a millisecond setTimeout would round up to 1 ms; yield to I/O instead.
      if (ms < 1) return void setImmediate(resolve);
      const done = (): void => {
        clearTimeout(timeout);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timeout = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};
