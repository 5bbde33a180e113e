import type { Edition } from '../store/types.js';
import { drainEdition, newRunState, type RunState } from './drain.js';
import { planDeliveries } from './plan-deliveries.js';
import { RateLimiter } from './rate-limiter.js';
import type { EditionOutcome, SendEditionOptions, SendEditionResult } from './send-options.js';
import { realTimer } from './timer.js';

export type { EditionSource, SendEditionOptions, SendEditionResult, EditionOutcome, SendEvent } from './send-options.js';

/** The note stored on a delivery that was in flight when a run died. */
export const INTERRUPTED_NOTE = 'interrupted while sending: the message may have been delivered; sending again with the same Message-ID';

/**
 * Sends the edition for `opts.at`, after finishing any edition an earlier run left
 * unfinished (listmonk's bugs were resuming wrong; here the ledger decides).
 *
 * 1. Every unfinished edition, oldest first: its recorded articles are re-rendered, its
 *    plan completed (idempotent), and its open deliveries sent.
 * 2. The edition for `at`, created at most once per scheduled time, holding the
 *    articles no earlier edition held; its web archive is written; one delivery per
 *    confirmed subscriber with a non-empty cut is recorded before any mail goes out.
 *
 * Crash policy (at-least-once for the in-flight bound): a delivery found `sending` on
 * resume was claimed by a run that died during its SMTP transaction, which may or may
 * not have completed. It is sent again, with the same Message-ID (so mail clients that
 * de-duplicate by Message-ID show one copy). Only deliveries in flight at the crash —
 * at most `delivery.concurrency` — can be duplicated; every other subscriber gets the
 * edition exactly once, because a delivery is claimed durably before its transaction
 * starts and recorded after it ends.
 */
export async function sendEdition(opts: SendEditionOptions): Promise<SendEditionResult> {
  const timer = opts.timer ?? realTimer;
  const run: RunState = newRunState(new RateLimiter(opts.delivery.rate, timer), timer);
  const outcomes: EditionOutcome[] = [];
  const halted = (): boolean => opts.signal?.aborted === true || run.stopped !== undefined;

  for (const edition of await opts.store.unfinishedEditions()) {
    if (halted()) break;
    outcomes.push(await resume(edition, opts, run));
  }

  if (!halted() && opts.createNew !== false) {
    const existing = await opts.store.getEditionAt(opts.at);
    if (existing && existing.completedAt) {
      opts.report?.({ type: 'already-complete', editionId: existing.id });
    } else if (!existing) {
      const outcome = await createAndSend(opts, run);
      if (outcome) outcomes.push(outcome);
    }
    // An existing unfinished edition for `at` was resumed above.
  }

  if (opts.signal?.aborted && !run.stopped) run.stopped = `received ${String(opts.signal.reason ?? 'a signal')}`;
  const result: SendEditionResult = { editions: outcomes, complete: outcomes.every((o) => o.complete) && !run.stopped };
  if (run.stopped) result.stopped = run.stopped;
  return result;
}

async function resume(edition: Edition, opts: SendEditionOptions, run: RunState): Promise<EditionOutcome> {
  const outcome = newOutcome(edition.id, false);
  const interrupted = await opts.store.listDeliveries(edition.id, { states: ['sending'] });
  const now = opts.clock.now();
  for (const d of interrupted) {
    await opts.store.markRetry(edition.id, d.subscriberId, INTERRUPTED_NOTE, now, now);
  }
  outcome.resent = interrupted.length;
  opts.report?.({ type: 'resume', editionId: edition.id, inFlight: interrupted.length });
  const plan = await opts.source.planOf(edition);
  const rendered = await opts.source.render(plan);
  await opts.source.archive(rendered);
  await planAndSend(edition, rendered, opts, run, outcome);
  return outcome;
}

async function createAndSend(opts: SendEditionOptions, run: RunState): Promise<EditionOutcome | undefined> {
  const held = await opts.store.heldArticleIds(opts.at);
  let plan = await opts.source.select(opts.at, held);
  if (plan.articleIds.length === 0) {
    opts.report?.({ type: 'empty', at: opts.at });
    return undefined;
  }
  if (!opts.allowEmpty && !(await hasConfirmedSubscriber(opts))) {
    opts.report?.({ type: 'nobody', at: opts.at, articles: plan.articleIds.length });
    return undefined;
  }
  let rendered = await opts.source.render(plan);
  const { edition, created } = await opts.store.createEdition(
    { id: plan.id, scheduledAt: opts.at, articleIds: plan.articleIds, subject: rendered.subject },
    opts.clock.now(),
  );
  if (!created) {
    // Another run created it between our check and now: send what it recorded.
    plan = await opts.source.planOf(edition);
    rendered = await opts.source.render(plan);
  }
  opts.report?.({ type: 'edition', editionId: edition.id, created, articles: edition.articleIds.length });
  await opts.source.archive(rendered);
  const outcome = newOutcome(edition.id, created);
  await planAndSend(edition, rendered, opts, run, outcome);
  return outcome;
}

async function planAndSend(edition: Edition, rendered: Awaited<ReturnType<SendEditionOptions['source']['render']>>, opts: SendEditionOptions, run: RunState, outcome: EditionOutcome): Promise<void> {
  const added = await planDeliveries({
    store: opts.store,
    edition,
    rendered,
    messageIdDomain: opts.message.messageIdDomain,
    now: () => opts.clock.now(),
  });
  const before = await opts.store.countDeliveries(edition.id);
  opts.report?.({ type: 'planned', editionId: edition.id, added, total: before.planned + before.sending + before.sent + before.failed });
  await drainEdition(edition, rendered, opts, run, outcome);
  const after = await opts.store.countDeliveries(edition.id);
  outcome.remaining = after.planned + after.sending;
  outcome.complete = await opts.store.completeEditionIfDone(edition.id, opts.clock.now());
  if (outcome.remaining > 0) outcome.nextAttemptAt = await nextAttempt(opts.store, edition.id, opts.clock.now());
}

/** When the earliest open delivery of an edition is next due: its retry time, or now. */
async function nextAttempt(store: SendEditionOptions['store'], editionId: string, now: Date): Promise<Date> {
  let earliest = Number.POSITIVE_INFINITY;
  for (const g of await store.pendingByReply(editionId)) earliest = Math.min(earliest, g.nextAttemptAt?.getTime() ?? now.getTime());
  return new Date(Math.max(now.getTime(), Number.isFinite(earliest) ? earliest : now.getTime()));
}

/**
 * Whether anyone at all could receive a new edition. With nobody confirmed (a new store,
 * or one restored empty) a recorded edition would use up its articles: subscribers who
 * join later would never get them. Subscribers who exist but chose other topics are a
 * different case: the edition is real (it is archived, and a later edition for them
 * should not repeat these articles), so it is recorded with no delivery.
 */
async function hasConfirmedSubscriber(opts: SendEditionOptions): Promise<boolean> {
  return (await opts.store.countSubscribersByStatus()).confirmed > 0;
}

function newOutcome(editionId: string, created: boolean): EditionOutcome {
  return { editionId, created, sent: 0, failed: 0, bounced: 0, retried: 0, resent: 0, remaining: 0, gaveUp: 0, complete: false };
}
