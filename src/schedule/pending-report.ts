import type { PendingGroup } from '../store/types.js';

/**
 * Open deliveries that share a last reply, across editions: what `status` shows so an
 * operator sees an outage as one line ("60 × 451 try again later") instead of sixty.
 */
export interface PendingReply {
  /** The last reply recorded (or the reason it was put back); null when never tried yet. */
  reply: string | null;
  deliveries: number;
  /** Of those, claimed by a run now (or by one that died mid-send). */
  sending: number;
  /** Editions they belong to, oldest first. */
  editions: string[];
  /** The earliest next attempt, ISO 8601 UTC; null when one is due at once. */
  nextAttemptAt: string | null;
}

/** Groups the store's per-edition groups by reply: the largest group first, then by reply. */
export function groupPendingByReply(groups: readonly PendingGroup[]): PendingReply[] {
  const byReply = new Map<string | null, { deliveries: number; sending: number; editions: string[]; next: number | null }>();
  for (const g of groups) {
    const entry = byReply.get(g.lastError) ?? { deliveries: 0, sending: 0, editions: [], next: Number.POSITIVE_INFINITY };
    entry.deliveries += g.planned + g.sending;
    entry.sending += g.sending;
    if (!entry.editions.includes(g.editionId)) entry.editions.push(g.editionId);
    // A group with nothing planned (all in flight) says nothing about the next attempt.
    if (g.planned > 0 && entry.next !== null) entry.next = g.nextAttemptAt === null ? null : Math.min(entry.next, g.nextAttemptAt.getTime());
    byReply.set(g.lastError, entry);
  }
  return [...byReply.entries()]
    .map(([reply, e]): PendingReply => ({
      reply,
      deliveries: e.deliveries,
      sending: e.sending,
      editions: e.editions,
      nextAttemptAt: e.next === null || !Number.isFinite(e.next) ? null : new Date(e.next).toISOString(),
    }))
    .sort((a, b) => b.deliveries - a.deliveries || (a.reply ?? '').localeCompare(b.reply ?? ''));
}

/** Lines for people, one per reply; `when` prints an ISO instant in the digest's zone, `mask` hides addresses in replies. */
export function formatPendingReplies(replies: readonly PendingReply[], when: (iso: string) => string, mask: (text: string) => string): string[] {
  return replies.map((r) => {
    const reply = r.reply === null ? 'not tried yet' : mask(r.reply);
    const next = r.nextAttemptAt === null ? 'due now' : `next attempt ${when(r.nextAttemptAt)}`;
    const inFlight = r.sending > 0 ? `, ${r.sending} being sent` : '';
    return `  ${r.deliveries} × ${reply} — ${next}${inFlight} (edition${r.editions.length === 1 ? '' : 's'} ${r.editions.join(', ')})`;
  });
}
