import type { DeliverySettings } from './send-options.js';

/*
 * How long temporary failures are retried: within one run (a bounded wait), and across
 * runs (until the give-up age). Pure: the send loop applies them.
 */

/**
 * How long one run keeps waiting for an edition's temporary failures once nothing else
 * is due: the back-off `maxAttempts` attempts take at most. Later retries wait, pending,
 * for the next run (the workflow's next wake-up), however long the outage lasts.
 */
export function retryWindowMs(delivery: Pick<DeliverySettings, 'maxAttempts' | 'retryBaseMs' | 'retryCapMs'>): number {
  let total = 0;
  for (let attempt = 1; attempt < delivery.maxAttempts; attempt++) total += Math.min(delivery.retryCapMs, delivery.retryBaseMs * 2 ** (attempt - 1));
  return total;
}

/** The default give-up age: three days from the edition's creation. */
export const GIVE_UP_AFTER_MS = 3 * 24 * 3600 * 1000;

/** `3 days`, `36 hours`, `90 minutes`: a give-up age as people say it. */
export function formatAge(ms: number): string {
  const units: Array<[number, string]> = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute']];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms === size ? '' : 's'}`;
  }
  const minutes = Math.round(ms / 60_000);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
