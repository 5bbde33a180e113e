import type { Config } from '../config/schema.js';
import { DELIVERY_STATES, SUBSCRIBER_STATUSES, type DeliveryState, type Edition, type Store, type SubscriberStatus } from '../store/types.js';
import type { Schedule } from './cron.js';
import { latestScheduledAtOrBefore } from './cron.js';
import { resolveDueEdition } from './resolve-due.js';
import type { NotDueReason } from './due.js';
import { groupPendingByReply, type PendingReply } from './pending-report.js';

/** Deliveries of one edition by state, plus the total. */
export type DeliveryCounts = Record<DeliveryState, number> & { total: number };

/** One edition as `status` reports it. */
export interface EditionStatus {
  id: string;
  scheduledAt: string;
  createdAt: string;
  completedAt: string | null;
  articles: number;
  deliveries: DeliveryCounts;
}

/** A failed delivery. `email` is the address; text output masks it. */
export interface FailureStatus {
  editionId: string;
  email: string;
  attempts: number;
  lastError: string | null;
}

/**
 * What `broadsheet status --json` prints: one object, this shape, version 1.
 * Instants are ISO 8601 strings in UTC; absent things are `null`, never missing.
 */
export interface StatusReport {
  version: 1;
  now: string;
  /** The zone times are shown in: digest.timezone, else site.timezone. */
  timezone: string;
  store: { path: string; exists: boolean };
  /** Whether a `send` holds the store's send lock now: who, and since when. */
  send: { running: boolean; holder: string | null; since: string | null };
  schedule: {
    expression: string;
    timezone: string;
    /** Latest scheduled time ≤ now. */
    latest: string | null;
    /** First scheduled time after now. */
    next: string | null;
    /** Whether `send --due` would create an edition now, and for which time. */
    due: boolean;
    dueAt: string | null;
    /** Why nothing is due (`not-yet`, `already-created`, `too-old`); null when due. */
    reason: NotDueReason | null;
  } | null;
  lastEdition: EditionStatus | null;
  /** Editions with deliveries still planned or sending (a run to resume), oldest first. */
  unfinishedEditions: EditionStatus[];
  /** Deliveries planned or sending, over the last and the unfinished editions. */
  pending: number;
  /** Those pending deliveries grouped by their last reply, with the next attempt, the largest group first. */
  pendingByReply: PendingReply[];
  /** Deliveries failed permanently, over the same editions. */
  failed: number;
  /** Those failures (at most `FAILURE_LIMIT`), newest edition first. */
  failures: FailureStatus[];
  subscribers: Record<SubscriberStatus, number> & { total: number };
}

/** Failures listed in full; the count is always exact. */
export const FAILURE_LIMIT = 50;

/**
 * Gathers the report. `store` is undefined when the store file does not exist yet:
 * that is a new installation, not an error.
 */
export async function collectStatus(input: {
  config: Pick<Config, 'digest' | 'site'>;
  schedule: Schedule | undefined;
  store: Store | undefined;
  storePath: string;
  /** Who holds the send lock, if anyone (see sendLockHolder). */
  sendLock?: { holder: string; since: Date } | undefined;
  now: Date;
}): Promise<StatusReport> {
  const { store, schedule, now } = input;
  const editionStatus = async (e: Edition): Promise<EditionStatus> => {
    const counts = store ? await store.countDeliveries(e.id) : zeroCounts();
    return {
      id: e.id,
      scheduledAt: e.scheduledAt.toISOString(),
      createdAt: e.createdAt.toISOString(),
      completedAt: e.completedAt ? e.completedAt.toISOString() : null,
      articles: e.articleIds.length,
      deliveries: { ...counts, total: DELIVERY_STATES.reduce((n, s) => n + counts[s], 0) },
    };
  };
  const last = store ? (await store.listEditions(1))[0] : undefined;
  const unfinished = store ? await store.unfinishedEditions() : [];
  const lastEdition = last ? await editionStatus(last) : null;
  const unfinishedEditions = await Promise.all(unfinished.map(editionStatus));

  // Each edition once: the last one and every unfinished one.
  const involved = new Map<string, EditionStatus>();
  for (const e of [...(lastEdition ? [lastEdition] : []), ...unfinishedEditions]) involved.set(e.id, e);
  let pending = 0;
  let failed = 0;
  const failures: FailureStatus[] = [];
  const byNewest = [...involved.values()].sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt));
  for (const e of byNewest) {
    pending += e.deliveries.planned + e.deliveries.sending;
    failed += e.deliveries.failed;
    if (store && e.deliveries.failed > 0 && failures.length < FAILURE_LIMIT) {
      for (const d of await store.listDeliveries(e.id, { states: ['failed'] })) {
        if (failures.length >= FAILURE_LIMIT) break;
        failures.push({ editionId: e.id, email: d.email, attempts: d.attempts, lastError: d.lastError });
      }
    }
  }

  const pendingByReply = store && pending > 0 ? groupPendingByReply(await store.pendingByReply()) : [];

  const counts = store ? await store.countSubscribersByStatus() : zeroSubscribers();
  const subscribers = { ...counts, total: SUBSCRIBER_STATUSES.reduce((n, s) => n + counts[s], 0) };

  let scheduleReport: StatusReport['schedule'] = null;
  if (schedule) {
    const decision = await resolveDueEdition({ config: input.config, schedule, store, now });
    const latest = latestScheduledAtOrBefore(schedule, now);
    scheduleReport = {
      expression: schedule.expression,
      timezone: schedule.timezone,
      latest: latest ? latest.toISOString() : null,
      next: decision.next ? decision.next.toISOString() : null,
      due: decision.due,
      dueAt: decision.due ? decision.at.toISOString() : null,
      reason: decision.due ? null : decision.reason,
    };
  }

  return {
    version: 1,
    now: now.toISOString(),
    timezone: input.config.digest.timezone ?? input.config.site.timezone,
    store: { path: input.storePath, exists: store !== undefined },
    send: input.sendLock ? { running: true, holder: input.sendLock.holder, since: input.sendLock.since.toISOString() } : { running: false, holder: null, since: null },
    schedule: scheduleReport,
    lastEdition,
    unfinishedEditions,
    pending,
    pendingByReply,
    failed,
    failures,
    subscribers,
  };
}

function zeroCounts(): Record<DeliveryState, number> {
  return { planned: 0, sending: 0, sent: 0, failed: 0 };
}

function zeroSubscribers(): Record<SubscriberStatus, number> {
  return { pending: 0, confirmed: 0, unsubscribed: 0, bounced: 0 };
}
