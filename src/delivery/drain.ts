import type { RenderedEdition } from '../digest/types.js';
import { createComposer, type Composer } from '../email/mime.js';
import type { Delivery, Edition } from '../store/types.js';
import type { RateLimiter } from './rate-limiter.js';
import { backoffDelay, classifyFailure, isNonAscii } from './retry-policy.js';
import { GroupCommit } from './group-commit.js';
import type { EditionOutcome, SendEditionOptions } from './send-options.js';
import type { Timer } from './timer.js';
import { toTransportFailure } from './transport.js';
import { formatAge, GIVE_UP_AFTER_MS, retryWindowMs } from './pending-policy.js';

/** A delivery with its message prepared (or why none goes out, or why rendering failed), not yet claimed. */
interface Ready {
  d: Delivery;
  message: string | Buffer | { skip: string } | Error;
}

/** Shared across the editions of one run: the limiter and the stop reason. */
export interface RunState {
  limiter: RateLimiter;
  /** Whether the transport was verified (done once, before the first claim). */
  verified: boolean;
  timer: Timer;
  /** Set when the run must stop taking deliveries (signal, fatal error, server down). */
  stopped?: string;
  consecutiveConnectionFailures: number;
  /**
   * Recipients (edition and subscriber) refused with a temporary failure since the last
   * message that went out: when it reaches `outageAfter`, the server is refusing
   * everything for now and the run stops.
   */
  refusedInARow: Set<string>;
}

/** A new run's shared state. */
export function newRunState(limiter: RateLimiter, timer: Timer): RunState {
  return { limiter, timer, verified: false, consecutiveConnectionFailures: 0, refusedInARow: new Set() };
}


/**
 * Sends every open delivery of one edition. Each delivery is claimed (`sending`,
 * committed) before its SMTP transaction starts and recorded (`sent` / `markRetry` /
 * `markFailed`) after it ends, so the ledger is never ahead of the mail.
 *
 * The crash bound. A delivery takes one of the `concurrency` in-flight slots *before*
 * it is claimed and gives it back only *after* its result is committed. Claims are
 * taken in batches (one transaction for the next k due deliveries, k ≤ free slots) and
 * `sent` results are group-committed (one fsync'd transaction for every message that
 * completed meanwhile, see group-commit.ts) — but a message whose reply arrived still
 * holds its slot while it waits for that commit. So at every instant, the deliveries
 * recorded `sending` are a subset of the slot holders: a kill -9 at any moment leaves at
 * most `concurrency` of them, and only those can be sent twice on the rerun (with the
 * same Message-ID). Batching changes how many fsyncs there are, never that bound.
 *
 * At most `concurrency` deliveries are in flight; each start waits for a rate slot.
 * Deliveries are read from the store a page at a time, so memory does not grow with
 * the list. Transient failures wait for their retry time inside this loop; when only
 * such deliveries remain, the loop sleeps until the earliest is due.
 */
export async function drainEdition(edition: Edition, rendered: RenderedEdition, opts: SendEditionOptions, run: RunState, outcome: EditionOutcome): Promise<void> {
  const { store, delivery, clock } = opts;
  const composer = createComposer({
    from: opts.message.from,
    replyTo: opts.message.replyTo,
    listId: opts.message.listId,
    unsubscribeMailto: opts.message.unsubscribeMailto,
    archiveUrl: rendered.webUrl,
    dkim: opts.message.dkim,
    boundarySeed: edition.id,
  });
  const page = Math.max(50, delivery.concurrency * 8);
  const maxConnectionFailures = delivery.maxConnectionFailures ?? Math.max(5, delivery.concurrency * 2);
  const outageAfter = delivery.outageAfter ?? Math.max(8, delivery.concurrency * 2);
  const giveUpAfterMs = delivery.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
  const window = retryWindowMs(delivery);
  /** Until when this run waits for retries; set when nothing else is left to send. */
  let waitUntil: number | undefined;
  let slept = 0;
  const claimed = new Set<string>();
  const active = new Set<Promise<void>>();
  let queue: Delivery[] = [];
  let sinceReport = 0;
  const progressEvery = opts.progressEvery ?? 100;

  const stop = (reason: string): void => {
    if (run.stopped) return;
    run.stopped = reason;
    opts.report?.({ type: 'stopping', reason });
  };
  /** Past the give-up age, pending deliveries become failed with their last reply. */
  const giveUpExpired = async (): Promise<void> => {
    const now = clock.now();
    const n = await store.giveUpDeliveries(edition.id, new Date(now.getTime() - giveUpAfterMs), `gave up: not delivered within ${formatAge(giveUpAfterMs)}`, now);
    if (n === 0) return;
    outcome.failed += n;
    outcome.gaveUp += n;
    opts.report?.({ type: 'gave-up', editionId: edition.id, count: n });
  };
  await giveUpExpired();

  // Progress from counters kept here: counting rows in the store every 100 messages
  // would make a run quadratic in the list size.
  const base = await store.countDeliveries(edition.id);
  const open = base.planned + base.sending;
  const startSent = outcome.sent;
  const startFailed = outcome.failed;
  const progress = async (force: boolean): Promise<void> => {
    if (!opts.report || (!force && ++sinceReport < progressEvery)) return;
    sinceReport = 0;
    const sent = outcome.sent - startSent;
    const failed = outcome.failed - startFailed;
    opts.report({ type: 'progress', editionId: edition.id, sent: base.sent + sent, failed: base.failed + failed, retrying: outcome.retried, remaining: open - sent - failed });
  };

  const results = new GroupCommit(
    (ids) => store.markSentMany(edition.id, ids, clock.now()),
    (id) => store.markSent(edition.id, id, clock.now()),
  );

  /** Sends one claimed delivery, prepared before its claim, and records how it went. */
  const deliverOne = async ({ d, message }: Ready): Promise<void> => {
    const attempt = d.attempts + 1;
    if (message instanceof Error) {
      // Rendering failed: our bug, not the recipient's. Put it back and stop the run.
      await store.markRetry(edition.id, d.subscriberId, `not sent: ${message.message}`, clock.now(), clock.now());
      stop(`rendering a message failed: ${message.message}`);
      return;
    }
    if (typeof message !== 'string' && !Buffer.isBuffer(message)) {
      // Unsubscribed, bounced or changed topics since planning: nothing goes out.
      await store.markFailed(edition.id, d.subscriberId, message.skip, clock.now(), null);
      outcome.failed += 1;
      return;
    }
    const raw = message;
    // The rate slot is taken by the transport once its connection is ready, right
    // before the transaction starts, so the spacing the limiter enforces is the spacing
    // the server sees.
    const gate = async (): Promise<boolean> => (await run.limiter.acquire(opts.signal)) && !run.stopped;
    try {
      await opts.transport.send({ from: opts.message.from.address, to: d.email }, raw, {
        meta: { editionId: edition.id, subscriberId: d.subscriberId, messageId: d.messageId },
        gate,
      });
      run.consecutiveConnectionFailures = 0;
      run.refusedInARow.clear();
      // The slot stays taken until the result is durable (the crash bound above).
      await results.record(d.subscriberId);
      outcome.sent += 1;
    } catch (err) {
      if ((err as { code?: unknown }).code === 'EGATECLOSED') {
        // Stopping before the transaction began: nothing went out, it stays planned, and
        // the last reply it had (an outage's 451) stays what status and give-up report.
        await store.markRetry(edition.id, d.subscriberId, d.lastError ?? 'not sent: the run was stopped', clock.now(), clock.now());
        return;
      }
      await recordFailure(d, attempt, err);
    }
    await progress(false);
  };

  const recordFailure = async (d: Delivery, attempt: number, err: unknown): Promise<void> => {
    const failure = classifyFailure(toTransportFailure(err), { nonAsciiRecipient: isNonAscii(d.email) });
    const now = clock.now();
    if (failure.kind === 'fatal') {
      // Every delivery would fail alike: leave this one planned, stop, let a rerun finish.
      await store.markRetry(edition.id, d.subscriberId, failure.reason, now, now);
      stop(`the SMTP server refused us: ${failure.reason}`);
      return;
    }
    if (failure.kind === 'permanent') {
      // The server answered about this recipient: it is taking mail, not in an outage.
      run.refusedInARow.clear();
      await store.markFailed(edition.id, d.subscriberId, failure.reason, now, failure.bounce ? { maxBounces: delivery.maxBounces } : null);
      outcome.failed += 1;
      if (failure.bounce) outcome.bounced += 1;
      return;
    }
    // A temporary failure stays pending, across runs, until the give-up age: a 4xx
    // is retried for days by every mail server (RFC 5321 §4.5.4.1).
    const delay = backoffDelay(attempt, { baseMs: delivery.retryBaseMs, capMs: delivery.retryCapMs, random: opts.random });
    await store.markRetry(edition.id, d.subscriberId, failure.reason, new Date(now.getTime() + delay), now);
    outcome.retried += 1;
    if (now.getTime() - edition.createdAt.getTime() >= giveUpAfterMs) await giveUpExpired();
    run.refusedInARow.add(`${edition.id}\n${d.subscriberId}`);
    if (failure.connection) {
      run.consecutiveConnectionFailures += 1;
      if (run.consecutiveConnectionFailures >= maxConnectionFailures) stop(`cannot reach the SMTP server (${failure.reason})`);
    }
    if (run.refusedInARow.size >= outageAfter) {
      stop(`the SMTP server refused ${run.refusedInARow.size} recipients in a row with a temporary failure, so it is refusing everything for now (last reply: ${failure.reason})`);
    }
  };

  const aborted = (): boolean => opts.signal?.aborted === true || run.stopped !== undefined;

  // Verified once, and only when there is something to send: an edition with no open
  // delivery (no confirmed subscriber with a matching topic) is complete whatever state
  // the SMTP server is in, and must not end the run as "not finished".
  if (!run.verified && open > 0 && opts.transport.verify) {
    run.verified = true;
    try {
      await opts.transport.verify();
    } catch (err) {
      const failure = classifyFailure(toTransportFailure(err));
      stop(failure.kind === 'fatal' ? `the SMTP server refused us: ${failure.reason}` : `cannot reach the SMTP server (${failure.reason})`);
    }
  }

  // Messages are prepared (subscriber looked up, rendered, assembled) *before* their
  // claim, up to `concurrency` ahead, while every slot is busy — in the time the loop
  // would otherwise wait for SMTP replies and result commits — so a freed slot goes
  // straight to claim and send. Nothing about a prepared message is recorded: if the run
  // stops, it is dropped and stays planned. At most `concurrency` are held (memory flat).
  const ready: Ready[] = [];
  const held = (id: string): boolean => claimed.has(id) || ready.some((r) => r.d.subscriberId === id);
  while (!aborted()) {
    const free = delivery.concurrency - active.size;
    if (ready.length < delivery.concurrency && (free === 0 || ready.length < free)) {
      if (queue.length === 0) queue = (await store.dueDeliveries(edition.id, clock.now(), page)).filter((d) => !held(d.subscriberId));
      const d = queue.shift();
      if (d) {
        ready.push({ d, message: await prepare(d, rendered, composer, opts).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))) });
        // With every slot busy, let the replies that came in meanwhile be handled.
        if (free === 0) await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
    }
    if (free === 0 || ready.length === 0) {
      if (active.size > 0) {
        await Promise.race(active);
        continue;
      }
      const wait = await untilNextRetry(edition.id, opts);
      if (wait === undefined) break; // nothing planned is left
      const now = clock.now().getTime();
      waitUntil ??= now + window;
      // Pending for a later run. Time slept counts too, so a clock that does not move
      // (a pinned one) cannot keep the run waiting for retries that never come due.
      if (now + wait > waitUntil || slept + wait > window) break;
      slept += wait;
      await run.timer.sleep(wait, opts.signal);
      continue;
    }
    // Claim as many as there are free slots, in one transaction. Only this loop adds
    // tasks, so those slots stay reserved for the batch while its claim commits.
    const batch = ready.splice(0, free);
    let won: Set<string>;
    try {
      won = new Set(await store.markSendingMany(edition.id, batch.map((r) => r.d.subscriberId), clock.now()));
    } catch (err) {
      stop(`recording a delivery failed: ${(err as Error).message}`);
      break;
    }
    for (const r of batch) {
      const d = r.d;
      if (!won.has(d.subscriberId)) continue; // another sender has it
      claimed.add(d.subscriberId);
      const task: Promise<void> = deliverOne(r)
        .catch((err: unknown) => stop(`recording a delivery failed: ${(err as Error).message}`))
        .finally(() => {
          active.delete(task);
          claimed.delete(d.subscriberId);
        });
      active.add(task);
    }
  }
  // SIGINT/SIGTERM or a stop: the deliveries in flight finish and are recorded.
  await Promise.all(active);
  if (opts.signal?.aborted && !run.stopped) stop(`received ${String(opts.signal.reason ?? 'a signal')}`);
  await progress(true);
}

/** The recipient's raw message, or why nothing is sent to them now. */
async function prepare(d: Delivery, rendered: RenderedEdition, composer: Composer, opts: SendEditionOptions): Promise<string | Buffer | { skip: string }> {
  const subscriber = await opts.store.getSubscriber(d.subscriberId);
  if (!subscriber) return { skip: 'skipped: subscriber removed before sending' };
  if (subscriber.status !== 'confirmed') return { skip: `skipped: subscriber ${subscriber.status} before sending` };
  const links = opts.links(d.subscriberId);
  const recipient = { email: d.email, name: subscriber.name, topics: subscriber.topics, ...links };
  const envelope = { to: { name: subscriber.name, address: d.email }, messageId: d.messageId, unsubscribeUrl: links.unsubscribeUrl, date: opts.clock.now() };
  if (rendered.piecesFor) {
    // The fast path: constant text is base64-encoded once per edition, the bytes are
    // the same as compose() would write for renderFor's bodies (base64-body.ts).
    const pieces = rendered.piecesFor(recipient);
    if (!pieces) return { skip: 'skipped: topics changed, nothing left to send' };
    return composer.composeBytes({ ...envelope, subject: pieces.subject, html: pieces.html, text: pieces.text });
  }
  const message = rendered.renderFor(recipient);
  if (!message) return { skip: 'skipped: topics changed, nothing left to send' };
  return composer.compose({ ...envelope, subject: message.subject, html: message.html, text: message.text });
}

/** Milliseconds until the earliest planned retry, or undefined when nothing is planned. */
async function untilNextRetry(editionId: string, opts: SendEditionOptions): Promise<number | undefined> {
  const groups = (await opts.store.pendingByReply(editionId)).filter((g) => g.planned > 0);
  if (groups.length === 0) return undefined;
  let earliest = Number.POSITIVE_INFINITY;
  for (const g of groups) earliest = Math.min(earliest, g.nextAttemptAt?.getTime() ?? 0);
  return Math.max(1, earliest - opts.clock.now().getTime());
}
