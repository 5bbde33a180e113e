import type Database from 'better-sqlite3';
import { DELIVERY_STATES, type DeliveryState, type EditionStore, type PendingGroup, type PlannedDelivery } from './types.js';
import { toDelivery, toEdition, type DeliveryRow, type EditionRow } from './sqlite-rows.js';
import { WalSync } from './wal-sync.js';

type Key = { edition_id: string; subscriber_id: string };

/**
 * The edition and delivery ledger of the SQLite store. Every state change (or batch of
 * them, `markSendingMany` / `markSentMany`) is committed before its method returns, so
 * what the send loop was told is what a rerun finds. The
 * `mark*` methods change only a delivery that is still open (`planned` or `sending`):
 * a `sent` or `failed` delivery is final, and touching one is a bug in the caller,
 * reported by throwing.
 */
export function sqliteEditionStore(db: Database.Database): EditionStore {
  // PRAGMA synchronous: 2 = FULL (the default durability, set before this is built).
  const syncFull = db.pragma('synchronous', { simple: true }) === 2;
  const walFile = db.pragma('journal_mode', { simple: true }) === 'wal' && !db.memory ? `${db.name}-wal` : undefined;
  const walSync = new WalSync(walFile ?? '');
  // Prepared once: db.pragma() prepares its statement on every call, twice per batch here.
  const syncNormal = db.prepare('PRAGMA synchronous = NORMAL');
  const syncBack = db.prepare('PRAGMA synchronous = FULL');
  const insertEdition = db.prepare<[EditionRow]>(
    `INSERT INTO editions (id, scheduled_at, created_at, article_ids, subject, completed_at)
     VALUES (@id, @scheduled_at, @created_at, @article_ids, @subject, NULL)
     ON CONFLICT DO NOTHING`,
  );
  const editionById = db.prepare<[string], EditionRow>('SELECT * FROM editions WHERE id = ?');
  const editionAt = db.prepare<[number], EditionRow>('SELECT * FROM editions WHERE scheduled_at = ?');
  const listEditions = db.prepare<[number], EditionRow>('SELECT * FROM editions ORDER BY scheduled_at DESC LIMIT ?');
  // An edition is unfinished while it has open deliveries, or when it was never
  // completed at all: a crash between createEdition and planDeliveries leaves an edition
  // with no deliveries yet, and the rerun must pick it up rather than start another.
  const unfinished = db.prepare<[], EditionRow>(
    `SELECT * FROM editions e
     WHERE e.completed_at IS NULL
        OR EXISTS (SELECT 1 FROM deliveries d WHERE d.edition_id = e.id AND d.state IN ('planned', 'sending'))
     ORDER BY e.scheduled_at`,
  );
  const heldAll = db.prepare<[], string>('SELECT DISTINCT j.value FROM editions e, json_each(e.article_ids) j').pluck();
  const heldBefore = db
    .prepare<[number], string>('SELECT DISTINCT j.value FROM editions e, json_each(e.article_ids) j WHERE e.scheduled_at < ?')
    .pluck();
  const plan = db.prepare<[DeliveryRow]>(
    `INSERT INTO deliveries (edition_id, subscriber_id, email, state, attempts, last_error, message_id, next_attempt_at, created_at, updated_at, sent_at)
     VALUES (@edition_id, @subscriber_id, @email, 'planned', 0, NULL, @message_id, NULL, @created_at, @updated_at, NULL)
     ON CONFLICT (edition_id, subscriber_id) DO NOTHING`,
  );
  // Only the (edition, subscriber) conflict is ignored: a Message-ID reused by another
  // delivery raises, rather than silently leaving a subscriber out.
  const reopen = db.prepare<[string]>('UPDATE editions SET completed_at = NULL WHERE id = ?');
  const due = db.prepare<[string, number, number], DeliveryRow>(
    `SELECT * FROM deliveries
     WHERE edition_id = ? AND state = 'planned' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
     ORDER BY next_attempt_at, rowid LIMIT ?`,
  );
  // The claim: conditional, so of two senders racing for one delivery exactly one wins.
  const claim = db.prepare<[number, string, string]>(
    `UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_at = ?
     WHERE edition_id = ? AND subscriber_id = ? AND state = 'planned'`,
  );
  const sent = db.prepare<[{ now: number } & Key]>(
    `UPDATE deliveries SET state = 'sent', sent_at = @now, updated_at = @now, next_attempt_at = NULL
     WHERE edition_id = @edition_id AND subscriber_id = @subscriber_id AND state IN ('planned', 'sending')`,
  );
  const retry = db.prepare<[{ now: number; error: string; next: number } & Key]>(
    `UPDATE deliveries SET state = 'planned', last_error = @error, next_attempt_at = @next, updated_at = @now
     WHERE edition_id = @edition_id AND subscriber_id = @subscriber_id AND state IN ('planned', 'sending')`,
  );
  const failed = db.prepare<[{ now: number; error: string } & Key]>(
    `UPDATE deliveries SET state = 'failed', last_error = @error, next_attempt_at = NULL, updated_at = @now
     WHERE edition_id = @edition_id AND subscriber_id = @subscriber_id AND state IN ('planned', 'sending')`,
  );
  // A hard bounce counts on the subscriber; at the limit an active address is suppressed
  // (an unsubscribed one stays unsubscribed: that was the person's own choice).
  const bounce = db.prepare<[{ now: number; max: number; subscriber_id: string }]>(
    `UPDATE subscribers SET bounces = bounces + 1, updated_at = @now,
       status = CASE WHEN bounces + 1 >= @max AND status IN ('pending', 'confirmed') THEN 'bounced' ELSE status END
     WHERE id = @subscriber_id`,
  );
  const stateOf = db.prepare<[string, string], DeliveryState>('SELECT state FROM deliveries WHERE edition_id = ? AND subscriber_id = ?').pluck();
  const listAll = db.prepare<[string], DeliveryRow>('SELECT * FROM deliveries WHERE edition_id = ? ORDER BY rowid');
  const listIn = db.prepare<[string, string], DeliveryRow>(
    'SELECT * FROM deliveries WHERE edition_id = ? AND state IN (SELECT value FROM json_each(?)) ORDER BY rowid',
  );
  const counts = db.prepare<[string], { state: DeliveryState; n: number }>(
    'SELECT state, count(*) AS n FROM deliveries WHERE edition_id = ? GROUP BY state',
  );
  const openCount = db
    .prepare<[string], number>("SELECT count(*) FROM deliveries WHERE edition_id = ? AND state IN ('planned', 'sending')")
    .pluck();
  const complete = db.prepare<[number, string]>('UPDATE editions SET completed_at = coalesce(completed_at, ?) WHERE id = ?');
  // The give-up age counts from the operator's re-queue when there was one, else from
  // the edition's creation. The last reply stays, after the note.
  // Prepared on first use: they name requeued_at, which a read-only open of a store
  // not yet migrated lacks (readers never call them).
  const giveUp = lazy(() => db.prepare<[{ note: string; now: number; cutoff: number; edition_id: string }]>(
    `UPDATE deliveries SET state = 'failed', next_attempt_at = NULL, updated_at = @now,
       last_error = @note || coalesce(': ' || last_error, ' (never attempted)')
     WHERE edition_id = @edition_id AND state = 'planned'
       AND coalesce(requeued_at, (SELECT created_at FROM editions e WHERE e.id = deliveries.edition_id)) <= @cutoff`,
  ));
  const requeue = lazy(() => db.prepare<[{ now: number; edition_id: string }]>(
    `UPDATE deliveries SET state = 'planned', next_attempt_at = NULL, requeued_at = @now, updated_at = @now
     WHERE edition_id = @edition_id AND state = 'failed'
       AND subscriber_id IN (SELECT id FROM subscribers WHERE status = 'confirmed')`,
  ));
  const pendingSelect = `SELECT d.edition_id, d.last_error,
       sum(d.state = 'planned') AS planned, sum(d.state = 'sending') AS sending,
       min(CASE WHEN d.state = 'planned' THEN coalesce(d.next_attempt_at, 0) END) AS next_at
     FROM deliveries d JOIN editions e ON e.id = d.edition_id
     WHERE d.state IN ('planned', 'sending')`;
  const pendingGroup = ` GROUP BY d.edition_id, d.last_error ORDER BY min(e.scheduled_at), count(*) DESC, d.last_error`;
  type PendingRow = { edition_id: string; last_error: string | null; planned: number; sending: number; next_at: number | null };
  const pendingAll = db.prepare<[], PendingRow>(pendingSelect + pendingGroup);
  const pendingOne = db.prepare<[string], PendingRow>(`${pendingSelect} AND d.edition_id = ?${pendingGroup}`);
  const toPending = (r: PendingRow): PendingGroup => ({
    editionId: r.edition_id,
    lastError: r.last_error,
    planned: r.planned,
    sending: r.sending,
    nextAttemptAt: r.next_at ? new Date(r.next_at) : null,
  });

  const planTx = db.transaction((editionId: string, rows: PlannedDelivery[], nowMs: number) => {
    let added = 0;
    for (const r of rows) {
      added += plan.run({
        edition_id: editionId,
        subscriber_id: r.subscriberId,
        email: r.email,
        state: 'planned',
        attempts: 0,
        last_error: null,
        message_id: r.messageId,
        next_attempt_at: null,
        created_at: nowMs,
        updated_at: nowMs,
        sent_at: null,
      }).changes;
    }
    if (added > 0) reopen.run(editionId);
    return added;
  });
  const failTx = db.transaction((key: Key, error: string, nowMs: number, maxBounces: number | null) => {
    mustChange(failed.run({ ...key, error, now: nowMs }).changes, key, 'failed');
    if (maxBounces !== null) bounce.run({ subscriber_id: key.subscriber_id, now: nowMs, max: maxBounces });
  });
  const claimTx = db.transaction((editionId: string, ids: string[], nowMs: number) =>
    ids.filter((id) => claim.run(nowMs, editionId, id).changes === 1),
  );
  const sentTx = db.transaction((editionId: string, ids: string[], nowMs: number) => {
    for (const id of ids) {
      const k = key(editionId, id);
      mustChange(sent.run({ ...k, now: nowMs }).changes, k, 'sent');
    }
  });
  const requeueTx = db.transaction((editionId: string, nowMs: number) => {
    const n = requeue().run({ edition_id: editionId, now: nowMs }).changes;
    if (n > 0) reopen.run(editionId);
    return n;
  });
  const completeTx = db.transaction((editionId: string, nowMs: number) => {
    if (!editionById.get(editionId)) return false;
    if (openCount.get(editionId) !== 0) return false;
    complete.run(nowMs, editionId);
    return true;
  });

  function mustChange(changes: number, key: Key, to: DeliveryState): void {
    if (changes === 1) return;
    const state = stateOf.get(key.edition_id, key.subscriber_id);
    throw new Error(
      state === undefined
        ? `No delivery of edition ${key.edition_id} to subscriber ${key.subscriber_id}`
        : `Delivery of edition ${key.edition_id} to subscriber ${key.subscriber_id} is already ${state}; it cannot become ${to}`,
    );
  }

  const key = (editionId: string, subscriberId: string): Key => ({ edition_id: editionId, subscriber_id: subscriberId });

  /**
   * Runs a claim without waiting for fsync. A claim need not reach the disk before the
   * SMTP transaction starts: in WAL mode a commit survives a process crash (kill -9)
   * without an fsync, and the result commit that follows (FULL) syncs the WAL and the
   * claim with it. Only a power cut between the two can lose a claim, and then the
   * delivery is re-sent with its Message-ID — exactly what a surviving `sending` claim
   * leads to under the at-least-once policy for messages in flight.
   */
  function withoutSync<T>(fn: () => T): T {
    if (!syncFull) return fn();
    syncNormal.run();
    try {
      return fn();
    } finally {
      syncBack.run();
    }
  }

  return {
    async createEdition(input, now) {
      const scheduledAt = input.scheduledAt.getTime();
      const created =
        insertEdition.run({
          id: input.id,
          scheduled_at: scheduledAt,
          created_at: now.getTime(),
          article_ids: JSON.stringify([...new Set(input.articleIds)]),
          subject: input.subject ?? null,
          completed_at: null,
        }).changes === 1;
      const row = editionAt.get(scheduledAt);
      if (!row) {
        // The id is taken by an edition for another time: a caller bug, not user input.
        throw new Error(`Edition id ${input.id} already exists for another scheduled time`);
      }
      return { edition: toEdition(row), created };
    },
    async getEdition(id) {
      const row = editionById.get(id);
      return row && toEdition(row);
    },
    async getEditionAt(scheduledAt) {
      const row = editionAt.get(scheduledAt.getTime());
      return row && toEdition(row);
    },
    async listEditions(limit) {
      return listEditions.all(limit ?? -1).map(toEdition);
    },
    async unfinishedEditions() {
      return unfinished.all().map(toEdition);
    },
    async heldArticleIds(before) {
      return new Set(before ? heldBefore.all(before.getTime()) : heldAll.all());
    },
    async planDeliveries(editionId, rows, now) {
      return planTx.immediate(editionId, rows, now.getTime());
    },
    async dueDeliveries(editionId, now, limit) {
      return due.all(editionId, now.getTime(), limit).map(toDelivery);
    },
    async markSending(editionId, subscriberId, now) {
      return withoutSync(() => claim.run(now.getTime(), editionId, subscriberId).changes === 1);
    },
    async markSendingMany(editionId, subscriberIds, now) {
      if (subscriberIds.length === 0) return [];
      return withoutSync(() => claimTx.immediate(editionId, subscriberIds, now.getTime()));
    },
    async markSent(editionId, subscriberId, now) {
      const k = key(editionId, subscriberId);
      mustChange(sent.run({ ...k, now: now.getTime() }).changes, k, 'sent');
    },
    async markSentMany(editionId, subscriberIds, now) {
      if (subscriberIds.length === 0) return;
      // Without a WAL descriptor to sync (another journal mode, an in-memory store, the
      // file not openable), the commit itself waits for the fsync, as markSent's does.
      if (!syncFull || !walFile || !(await walSync.open())) {
        sentTx.immediate(editionId, subscriberIds, now.getTime());
        return;
      }
      // Durable like a FULL commit, without stalling the event loop for the fsync: in
      // WAL mode, what synchronous=FULL adds to a commit is exactly one fsync of the WAL
      // file after its frames are written. Here the transaction commits to the WAL
      // (which already survives kill -9), and the same fsync runs on libuv's thread pool;
      // this resolves only after it returned, so a result is reported recorded only once
      // it would survive a power cut too. Meanwhile the send loop keeps composing and
      // sending for its other slots (fsync is per file, so any descriptor will do).
      withoutSync(() => sentTx.immediate(editionId, subscriberIds, now.getTime()));
      try {
        await walSync.sync();
      } catch (err) {
        // A disk error after the commit: retrying these records one by one would only
        // find them `sent`. Say what happened; the caller stops the run.
        throw Object.assign(new Error(`results committed but not synced to disk: ${(err as Error).message}`), { committed: true });
      }
    },
    async markRetry(editionId, subscriberId, error, nextAttemptAt, now) {
      const k = key(editionId, subscriberId);
      mustChange(retry.run({ ...k, error, next: nextAttemptAt.getTime(), now: now.getTime() }).changes, k, 'planned');
    },
    async markFailed(editionId, subscriberId, error, now, bounceLimit) {
      failTx.immediate(key(editionId, subscriberId), error, now.getTime(), bounceLimit ? bounceLimit.maxBounces : null);
    },
    async listDeliveries(editionId, filter) {
      const rows = filter?.states ? listIn.all(editionId, JSON.stringify(filter.states)) : listAll.all(editionId);
      return rows.map(toDelivery);
    },
    async countDeliveries(editionId) {
      const result = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
      for (const { state, n } of counts.all(editionId)) result[state] = n;
      return result;
    },
    async completeEditionIfDone(editionId, now) {
      return completeTx.immediate(editionId, now.getTime());
    },
    async giveUpDeliveries(editionId, queuedBefore, note, now) {
      return giveUp().run({ edition_id: editionId, cutoff: queuedBefore.getTime(), note, now: now.getTime() }).changes;
    },
    async requeueFailed(editionId, now) {
      return requeueTx.immediate(editionId, now.getTime());
    },
    async pendingByReply(editionId) {
      return (editionId === undefined ? pendingAll.all() : pendingOne.all(editionId)).map(toPending);
    },
  };
}

/** A value made on first use. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
