import type { SubscriberStatus } from './types.js';

/**
 * The status an upsert leaves on an existing subscriber. An upsert (import, `add`, a web
 * sign-up) never overrides the person's own choice and never loses a consent already
 * given:
 * - no status asked → unchanged;
 * - `unsubscribed` and `bounced` stay as they are (only an explicit
 *   setSubscriberStatus changes them, e.g. after a confirmed web re-subscription);
 * - `confirmed` is never downgraded to `pending`;
 * - otherwise the asked status (pending → confirmed, anything → unsubscribed).
 */
export function mergeSubscriberStatus(existing: SubscriberStatus, asked: SubscriberStatus | undefined): SubscriberStatus {
  if (asked === undefined) return existing;
  if (existing === 'unsubscribed' || existing === 'bounced') return existing;
  if (existing === 'confirmed' && asked === 'pending') return existing;
  return asked;
}

/** The timestamp columns a status change implies. */
export interface StatusStamps {
  confirmedAt: number | null;
  unsubscribedAt: number | null;
  bounces: number;
}

/**
 * Stamps for moving from `from` to `to` at `now` (ms): confirming sets confirmedAt,
 * unsubscribing sets unsubscribedAt, coming back (pending/confirmed) clears
 * unsubscribedAt, and leaving `bounced` resets the bounce count so a fixed mailbox is
 * not suppressed again by its first soft problem. No change keeps everything.
 */
export function stampsFor(from: SubscriberStatus, to: SubscriberStatus, current: StatusStamps, now: number): StatusStamps {
  if (from === to) return current;
  return {
    confirmedAt: to === 'confirmed' ? now : current.confirmedAt,
    unsubscribedAt: to === 'unsubscribed' ? now : to === 'bounced' ? current.unsubscribedAt : null,
    bounces: from === 'bounced' ? 0 : current.bounces,
  };
}
