import { latestScheduledAtOrBefore, nextScheduledAfter, type Schedule } from './cron.js';

/** What `dueEdition` needs; all data, no clock, no store. */
export interface DueInput {
  schedule: Schedule;
  /** The instant the trigger fired (`--now`, or the clock). */
  now: Date;
  /** Look-back in milliseconds for a given scheduled time (see `resolveLookback`). */
  lookback: (scheduledAt: Date) => number;
  /** Scheduled time of the newest edition in the store, if any. */
  lastEditionAt: Date | undefined;
}

/** Why no edition is due. */
export type NotDueReason =
  /** The schedule has not fired yet (no scheduled time ≤ now). */
  | 'not-yet'
  /** An edition for the latest scheduled time (or a later one) exists already. */
  | 'already-created'
  /** The latest scheduled time is older than the look-back: too stale to send. */
  | 'too-old';

/** The decision, with the instants a message about it needs. */
export type DueDecision =
  | { due: true; at: Date; next: Date | undefined }
  | { due: false; reason: NotDueReason; at: Date | undefined; next: Date | undefined };

/**
 * Decides whether an edition is due, and for which scheduled time. The rule:
 *
 * - Only the **latest** scheduled time ≤ now is ever a candidate. A trigger that
 *   comes late (GitHub delays scheduled runs by hours) still sends it; after
 *   weeks of downtime the missed older times are skipped, never sent as a burst.
 * - It is due only when no edition exists for it **or for any later time** (an
 *   edition made by hand after it already holds its articles). So a second trigger
 *   for the same time creates nothing; finishing an unfinished edition is the send
 *   loop's resume step, not a new edition.
 * - It is not due when it is older than the look-back (its articles would be cut).
 */
export function dueEdition(input: DueInput): DueDecision {
  const { schedule, now } = input;
  const at = latestScheduledAtOrBefore(schedule, now);
  const next = nextScheduledAfter(schedule, now);
  if (!at) return { due: false, reason: 'not-yet', at: undefined, next };
  if (input.lastEditionAt && input.lastEditionAt.getTime() >= at.getTime()) {
    return { due: false, reason: 'already-created', at, next };
  }
  if (now.getTime() - at.getTime() > input.lookback(at)) return { due: false, reason: 'too-old', at, next };
  return { due: true, at, next };
}

/** One line for people: what the decision means. */
export function describeDecision(d: DueDecision, format: (t: Date) => string): string {
  const next = d.next ? ` Next scheduled time: ${format(d.next)}.` : '';
  if (d.due) return `Edition due for ${format(d.at)}.${next}`;
  switch (d.reason) {
    case 'not-yet':
      return `No scheduled time has passed yet.${next}`;
    case 'already-created':
      return `The edition for ${d.at ? format(d.at) : 'the latest scheduled time'} exists already; nothing new is due.${next}`;
    case 'too-old':
      return `The latest scheduled time, ${d.at ? format(d.at) : '?'}, is older than the look-back; it is skipped.${next}`;
  }
}
