import type { Clock } from '../clock.js';
import type { Timer } from '../delivery/timer.js';
import { nextScheduledAfter, type Schedule } from './cron.js';

/**
 * The longest single wait. setTimeout overflows past 2^31-1 ms (24.8 days) and fires
 * at once; and a wall clock can jump (NTP, suspend, a VM restored) while a monotonic
 * timer sleeps. Waking at least hourly to re-read the wall clock bounds both.
 */
export const MAX_SLEEP_MS = 60 * 60 * 1000;

/** `again`: the run left work (deliveries remaining); wake sooner than the schedule. */
export type RunOutcome = 'done' | 'again';

export interface SchedulerOptions {
  schedule: Schedule;
  /** Wall clock: scheduled times are wall-clock instants. */
  clock: Clock;
  /** Sleeping; injectable so tests run weeks of schedule in milliseconds. */
  timer: Pick<Timer, 'sleep'>;
  /** Aborted on SIGTERM/SIGINT: no new run starts; the one in flight finishes. */
  signal: AbortSignal;
  /**
   * The same work as `send --due` at `now`: decide what is due and send it (or
   * resume an unfinished edition). Its idempotence is what makes an extra wake-up
   * harmless. A throw is reported through `onError` and retried like `again`.
   */
  runDue: (now: Date) => Promise<RunOutcome | void>;
  /** After a run that left deliveries (server down, interrupted): try again this soon. Default 10 min. */
  retryAfterMs?: number;
  /** Called before each wait with the next scheduled time (for a log line). */
  onWait?: (next: Date | undefined) => void;
  onError?: (err: unknown) => void;
}

/**
 * The self-hosted schedule: runs `runDue` once at start (catching up the latest
 * missed time, by the same rule as `send --due`), then at every scheduled time,
 * until the signal aborts. Returns when stopped; never rejects.
 */
export async function runScheduler(opts: SchedulerOptions): Promise<void> {
  const { schedule, clock, timer, signal } = opts;
  const retryAfter = opts.retryAfterMs ?? 10 * 60 * 1000;
  /** Runs once; returns when to wake next. */
  const attempt = async (now: Date): Promise<Date | undefined> => {
    let outcome: RunOutcome | void = 'done';
    try {
      outcome = await opts.runDue(now);
    } catch (err) {
      opts.onError?.(err);
      outcome = 'again';
    }
    // Recomputed after every run: a run may take longer than a period, and the clock
    // may have moved; the next time is always "the first one after now".
    const after = clock.now();
    const scheduled = nextScheduledAfter(schedule, after);
    if (outcome !== 'again') return scheduled;
    // A retry is the same idempotent run: it resumes the unfinished edition.
    const retry = new Date(after.getTime() + retryAfter);
    return scheduled && scheduled.getTime() < retry.getTime() ? scheduled : retry;
  };

  if (signal.aborted) return;
  let next = await attempt(clock.now());
  opts.onWait?.(next);
  while (!signal.aborted) {
    if (!next) {
      // The schedule has no future time (e.g. a date that has passed): idle until stopped.
      await timer.sleep(MAX_SLEEP_MS, signal);
      next = nextScheduledAfter(schedule, clock.now());
      continue;
    }
    const wait = next.getTime() - clock.now().getTime();
    if (wait > 0) {
      await timer.sleep(Math.min(wait, MAX_SLEEP_MS), signal);
      if (signal.aborted) break;
      const now = clock.now();
      if (now.getTime() < next.getTime()) {
        // Woke early (the hourly check), or the clock went back: keep the target, but
        // never wait past the first scheduled time from the clock's new reading.
        const scheduled = nextScheduledAfter(schedule, now);
        if (scheduled && scheduled.getTime() < next.getTime()) next = scheduled;
        continue;
      }
    }
    if (signal.aborted) break;
    next = await attempt(clock.now());
    opts.onWait?.(next);
  }
}
