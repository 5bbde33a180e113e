/**
 * Group commit of `sent` results. Each completed message asks to have its result
 * recorded and waits until that record is durable; the results of every message that
 * completed meanwhile are committed together, in one transaction and one fsync, instead
 * of one fsync each. (better-sqlite3 is synchronous: each fsync stalls the whole event
 * loop, so with 8 messages in flight one-fsync-per-message was the send loop's ceiling.)
 *
 * Waiters are collected until the event loop has handled the I/O that is ready (a
 * `setImmediate` turn), so a batch is every reply that arrived in that turn. A batch that fails is retried one result at a time, so a single bad
 * record (a delivery someone else finished) fails only its own waiter, as before.
 *
 * The caller keeps the message's in-flight slot until its promise settles: see drain.ts
 * for why that keeps the crash bound at `delivery.concurrency`.
 */
export class GroupCommit {
  private pending: { id: string; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private scheduled = false;
  private flushing = 0;

  constructor(
    /** Commits many results durably (all or nothing), e.g. `markSentMany`. */
    private readonly commitMany: (ids: string[]) => Promise<void>,
    /** Commits one result, used only when a batch failed. */
    private readonly commitOne: (id: string) => Promise<void>,
    /**
     * Batches whose commit may be under way at once. Results that arrive while one
     * batch's fsync runs (on libuv's thread pool) start their own at the next turn
     * instead of waiting for it to end: measured, this cut the average wait for a
     * durable result from about 5 ms to 2–3 ms. Each waiter still resolves only after
     * its own batch's sync, which covers every commit before it. Kept below the pool's
     * four threads.
     */
    private readonly overlap = 3,
  ) {}

  /** Resolves once the result for `id` is committed; rejects when recording it failed. */
  record(id: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ id, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing >= this.overlap) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    this.flushing += 1;
    try {
      await this.commitMany(batch.map((b) => b.id));
      for (const b of batch) b.resolve();
    } catch (err) {
      // `committed`: the records are in, only their sync failed; one at a time would not help.
      if (batch.length === 1 || (err as { committed?: unknown }).committed === true) for (const b of batch) b.reject(err);
      else {
        for (const b of batch) {
          try {
            await this.commitOne(b.id);
            b.resolve();
          } catch (one) {
            b.reject(one);
          }
        }
      }
    } finally {
      this.flushing -= 1;
      if (this.pending.length > 0) this.schedule();
    }
  }
}
