import type { SendEditionResult } from '../../delivery/send-edition.js';
import type { Store } from '../../store/types.js';
import { maskEmail, maskEmailsIn } from '../../schedule/format-status.js';

/** Failures listed by reply at the end of a send; the count is always exact. */
const LISTED = 20;

/**
 * The end of a send for the operator: what stays pending and when it is next due (in
 * the digest's zone), and the deliveries that failed for good in this run, by reply.
 * Addresses are masked: send output ends up in CI logs, public for public repositories.
 */
export async function pendingAndFailedLines(input: {
  result: SendEditionResult;
  store: Store;
  /** When the run started: failures recorded since are this run's. */
  since: Date;
  /** When the run ended. */
  now: Date;
  when: (t: Date) => string;
}): Promise<{ pending: string[]; failed: string[] }> {
  const { result } = input;
  const failed: string[] = [];
  const groups = new Map<string, string[]>();
  for (const o of result.editions) {
    if (o.failed === 0) continue;
    for (const d of await input.store.listDeliveries(o.editionId, { states: ['failed'] })) {
      if (d.updatedAt.getTime() < input.since.getTime()) continue;
      const reply = maskEmailsIn(d.lastError ?? 'no reply recorded');
      groups.set(reply, [...(groups.get(reply) ?? []), maskEmail(d.email)]);
    }
  }
  const total = [...groups.values()].reduce((n, list) => n + list.length, 0);
  if (total > 0) {
    failed.push(`Failed for good in this run (${total}; not retried, "broadsheet send --retry-failed" re-queues them):`);
    for (const [reply, who] of [...groups.entries()].sort((a, b) => b[1].length - a[1].length)) {
      const shown = who.slice(0, LISTED).join(', ');
      failed.push(`  ${who.length} × ${reply}: ${shown}${who.length > LISTED ? `, … ${who.length - LISTED} more` : ''}`);
    }
  }

  const pending: string[] = [];
  const remaining = result.editions.reduce((n, o) => n + o.remaining, 0);
  if (remaining > 0) {
    const next = result.editions.map((o) => o.nextAttemptAt?.getTime()).filter((t): t is number => t !== undefined);
    const earliest = next.length > 0 ? Math.min(...next) : input.now.getTime();
    const due = earliest <= input.now.getTime() ? 'at the next run' : input.when(new Date(earliest));
    pending.push(`${remaining === 1 ? '1 delivery stays' : `${remaining} deliveries stay`} pending, the next due ${due}: temporary failures are retried by later runs until delivery.give_up_after.`);
  }
  return { pending, failed };
}
