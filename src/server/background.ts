/**
 * Work the service does after answering, so a response never waits for (or reveals
 * anything through the timing of) an SMTP conversation. `idle()` lets shutdown and
 * tests wait until every task has settled. Failures are logged by the caller's
 * `onError`, never thrown into the void.
 */
export class BackgroundTasks {
  readonly #pending = new Set<Promise<void>>();

  /**
   * Starts `task` once the current response is on its way; its failure goes to
   * `onError`. A task started in a microtask (as `Promise.resolve().then(task)` does)
   * runs before the server writes the response, so its synchronous part (a SQLite
   * insert with its fsync, rendering an email) delayed the answer by several
   * milliseconds for a new address only. `setImmediate` runs it after the writes that
   * the returned response queued.
   */
  run(task: () => Promise<void>, onError: (err: unknown) => void): void {
    const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .catch(onError)
      .finally(() => this.#pending.delete(p));
    this.#pending.add(p);
  }

  /** Resolves when no task is left (including tasks started meanwhile). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  get size(): number {
    return this.#pending.size;
  }
}
