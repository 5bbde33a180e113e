import type pg from 'pg';
import { PG_SCHEMA as S } from './postgres-schema.js';
import type { PgDb } from './postgres-db.js';
import { pgPendingMethods } from './postgres-pending.js';
import { pgDelivery, pgEdition, type PgDeliveryRow, type PgEditionRow } from './postgres-rows.js';
import { DELIVERY_STATES, type DeliveryState, type EditionStore } from './types.js';

const OPEN = `state IN ('planned', 'sending')`;

/** A pool or a connection in a transaction: what the checks below read with. */
interface Queryable {
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** The SQLite store's error for a delivery that is missing or final, or undefined while it is open. */
async function notOpenIfSo(client: Queryable, editionId: string, subscriberId: string, to: DeliveryState): Promise<Error | undefined> {
  const { rows } = await client.query<{ state: DeliveryState }>(`SELECT state FROM ${S}.deliveries WHERE edition_id = $1 AND subscriber_id = $2`, [editionId, subscriberId]);
  const state = rows[0]?.state;
  if (state === 'planned' || state === 'sending') return undefined;
  return new Error(
    state === undefined
      ? `No delivery of edition ${editionId} to subscriber ${subscriberId}`
      : `Delivery of edition ${editionId} to subscriber ${subscriberId} is already ${state}; it cannot become ${to}`,
  );
}

/**
 * The edition and delivery ledger of the PostgreSQL store, with the SQLite ledger's
 * semantics (src/store/sqlite-editions.ts): every state change is committed before its
 * method returns; claims are conditional updates, so of two senders racing for one
 * delivery exactly one wins; `sent` and `failed` are final and touching one throws.
 * Results commit durably (synchronous_commit as the server has it, on by default);
 * claims do not wait for the WAL flush (see PgDb.claim). Claims and results are one
 * statement each, so a message costs two round trips to the server.
 */
export function pgEditionStore(db: PgDb): EditionStore {
  /** The error the SQLite store throws for a delivery that is missing or already final. */
  async function notOpen(client: Queryable, editionId: string, subscriberId: string, to: DeliveryState): Promise<Error> {
    return (await notOpenIfSo(client, editionId, subscriberId, to)) ?? new Error(`Delivery of edition ${editionId} to subscriber ${subscriberId} changed meanwhile; it did not become ${to}`);
  }

  /** Runs `update` (which changes at most one open delivery); throws like the SQLite store when none changed. */
  async function mustChange(client: Queryable, editionId: string, subscriberId: string, to: DeliveryState, sql: string, values: unknown[]): Promise<void> {
    const { rowCount } = await client.query(sql, values);
    if (rowCount !== 1) throw await notOpen(client, editionId, subscriberId, to);
  }

  return {
    async createEdition(input, now) {
      const inserted = await db.query(
        `INSERT INTO ${S}.editions (id, scheduled_at, created_at, article_ids, subject, completed_at)
         VALUES ($1, $2, $3, $4, $5, NULL) ON CONFLICT DO NOTHING`,
        [input.id, input.scheduledAt, now, [...new Set(input.articleIds)], input.subject ?? null],
      );
      const row = (await db.query<PgEditionRow>(`SELECT * FROM ${S}.editions WHERE scheduled_at = $1`, [input.scheduledAt])).rows[0];
      if (!row) {
        // The id is taken by an edition for another time: a caller bug, not user input.
        throw new Error(`Edition id ${input.id} already exists for another scheduled time`);
      }
      return { edition: pgEdition(row), created: inserted.rowCount === 1 };
    },
    async getEdition(id) {
      const row = (await db.query<PgEditionRow>(`SELECT * FROM ${S}.editions WHERE id = $1`, [id])).rows[0];
      return row && pgEdition(row);
    },
    async getEditionAt(scheduledAt) {
      const row = (await db.query<PgEditionRow>(`SELECT * FROM ${S}.editions WHERE scheduled_at = $1`, [scheduledAt])).rows[0];
      return row && pgEdition(row);
    },
    async listEditions(limit) {
      // LIMIT NULL is no limit.
      const { rows } = await db.query<PgEditionRow>(`SELECT * FROM ${S}.editions ORDER BY scheduled_at DESC LIMIT $1`, [limit ?? null]);
      return rows.map(pgEdition);
    },
    async unfinishedEditions() {
      // Unfinished: open deliveries, or never completed at all (a crash between
      // createEdition and planDeliveries leaves an edition with no deliveries yet).
      const { rows } = await db.query<PgEditionRow>(
        `SELECT * FROM ${S}.editions e
         WHERE e.completed_at IS NULL OR EXISTS (SELECT 1 FROM ${S}.deliveries d WHERE d.edition_id = e.id AND d.${OPEN})
         ORDER BY e.scheduled_at`,
      );
      return rows.map(pgEdition);
    },
    async heldArticleIds(before) {
      const { rows } = before
        ? await db.query<{ id: string }>(`SELECT DISTINCT unnest(article_ids) AS id FROM ${S}.editions WHERE scheduled_at < $1`, [before])
        : await db.query<{ id: string }>(`SELECT DISTINCT unnest(article_ids) AS id FROM ${S}.editions`);
      return new Set(rows.map((r) => r.id));
    },
    async planDeliveries(editionId, rows, now) {
      if (rows.length === 0) return 0;
      return db.tx(async (client) => {
        // One statement for the whole list, in the order given (WITH ORDINALITY). Only
        // the (edition, subscriber) conflict is ignored: a Message-ID reused by another
        // delivery raises, rather than silently leaving a subscriber out.
        const { rowCount } = await client.query(
          `INSERT INTO ${S}.deliveries (edition_id, subscriber_id, email, state, attempts, message_id, created_at, updated_at)
           SELECT $1, t.subscriber_id, t.email, 'planned', 0, t.message_id, $5, $5
           FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(subscriber_id, email, message_id, n)
           ORDER BY t.n
           ON CONFLICT (edition_id, subscriber_id) DO NOTHING`,
          [editionId, rows.map((r) => r.subscriberId), rows.map((r) => r.email), rows.map((r) => r.messageId), now],
        );
        const added = rowCount ?? 0;
        if (added > 0) await client.query(`UPDATE ${S}.editions SET completed_at = NULL WHERE id = $1`, [editionId]);
        return added;
      });
    },
    async dueDeliveries(editionId, now, limit) {
      const { rows } = await db.query<PgDeliveryRow>(
        `SELECT * FROM ${S}.deliveries
         WHERE edition_id = $1 AND state = 'planned' AND (next_attempt_at IS NULL OR next_attempt_at <= $2)
         ORDER BY next_attempt_at NULLS FIRST, seq LIMIT $3`,
        [editionId, now, limit],
      );
      return rows.map(pgDelivery);
    },
    async markSending(editionId, subscriberId, now) {
      const { rowCount } = await db.claim(
        `UPDATE ${S}.deliveries SET state = 'sending', attempts = attempts + 1, updated_at = $3
         WHERE edition_id = $1 AND subscriber_id = $2 AND state = 'planned'`,
        [editionId, subscriberId, now],
      );
      return rowCount === 1;
    },
    async markSendingMany(editionId, subscriberIds, now) {
      if (subscriberIds.length === 0) return [];
      // One statement: all of the batch that is still planned, atomically.
      const { rows } = await db.claim<{ subscriber_id: string }>(
        `UPDATE ${S}.deliveries SET state = 'sending', attempts = attempts + 1, updated_at = $3
         WHERE edition_id = $1 AND subscriber_id = ANY($2::text[]) AND state = 'planned'
         RETURNING subscriber_id`,
        [editionId, subscriberIds, now],
      );
      const claimed = new Set(rows.map((r) => r.subscriber_id));
      // In the order given, each once (a second claim of the same id finds it taken).
      return subscriberIds.filter((id) => claimed.delete(id));
    },
    async markSent(editionId, subscriberId, now) {
      // One statement, committed durably; when it changes nothing, nothing needs undoing.
      await mustChange(db, editionId, subscriberId, 'sent',
        `UPDATE ${S}.deliveries SET state = 'sent', sent_at = $3, updated_at = $3, next_attempt_at = NULL
         WHERE edition_id = $1 AND subscriber_id = $2 AND ${OPEN}`,
        [editionId, subscriberId, now]);
    },
    async markSentMany(editionId, subscriberIds, now) {
      if (subscriberIds.length === 0) return;
      // One durable statement, all or nothing: the batch's open rows are locked first, and
      // the update happens only when every id is there once and open. Otherwise it changes
      // nothing, and the first id at fault is named as markSent would name it.
      const { rows } = await db.query<{ subscriber_id: string }>(
        `WITH open AS (
           SELECT subscriber_id FROM ${S}.deliveries
           WHERE edition_id = $1 AND subscriber_id = ANY($2::text[]) AND ${OPEN} FOR UPDATE
         ), whole AS (
           SELECT (SELECT count(*) FROM open) = cardinality($2::text[])
              AND (SELECT count(DISTINCT id) FROM unnest($2::text[]) AS u(id)) = cardinality($2::text[]) AS ok
         )
         UPDATE ${S}.deliveries d SET state = 'sent', sent_at = $3, updated_at = $3, next_attempt_at = NULL
         FROM whole
         WHERE whole.ok AND d.edition_id = $1 AND d.subscriber_id IN (SELECT subscriber_id FROM open)
         RETURNING d.subscriber_id`,
        [editionId, subscriberIds, now],
      );
      if (rows.length === subscriberIds.length) return;
      const seen = new Set<string>();
      for (const id of subscriberIds) {
        // A second mention of an id would find it sent by the first.
        if (seen.has(id)) throw new Error(`Delivery of edition ${editionId} to subscriber ${id} is already sent; it cannot become sent`);
        seen.add(id);
        const error = await notOpenIfSo(db, editionId, id, 'sent');
        if (error) throw error;
      }
      throw new Error(`Delivery batch of edition ${editionId} was not recorded (${rows.length} of ${subscriberIds.length})`);
    },
    async markRetry(editionId, subscriberId, error, nextAttemptAt, now) {
      await mustChange(db, editionId, subscriberId, 'planned',
        `UPDATE ${S}.deliveries SET state = 'planned', last_error = $3, next_attempt_at = $4, updated_at = $5
         WHERE edition_id = $1 AND subscriber_id = $2 AND ${OPEN}`,
        [editionId, subscriberId, error, nextAttemptAt, now]);
    },
    async markFailed(editionId, subscriberId, error, now, bounce) {
      await db.tx(async (client) => {
        await mustChange(client, editionId, subscriberId, 'failed',
          `UPDATE ${S}.deliveries SET state = 'failed', last_error = $3, next_attempt_at = NULL, updated_at = $4
           WHERE edition_id = $1 AND subscriber_id = $2 AND ${OPEN}`,
          [editionId, subscriberId, error, now]);
        if (!bounce) return;
        // A hard bounce counts on the subscriber; at the limit an active address is
        // suppressed (an unsubscribed one stays unsubscribed: that was the person's choice).
        await client.query(
          `UPDATE ${S}.subscribers SET bounces = bounces + 1, updated_at = $2,
             status = CASE WHEN bounces + 1 >= $3 AND status IN ('pending', 'confirmed') THEN 'bounced' ELSE status END
           WHERE id = $1`,
          [subscriberId, now, bounce.maxBounces],
        );
      });
    },
    async listDeliveries(editionId, filter) {
      const { rows } = filter?.states
        ? await db.query<PgDeliveryRow>(`SELECT * FROM ${S}.deliveries WHERE edition_id = $1 AND state = ANY($2::text[]) ORDER BY seq`, [editionId, filter.states])
        : await db.query<PgDeliveryRow>(`SELECT * FROM ${S}.deliveries WHERE edition_id = $1 ORDER BY seq`, [editionId]);
      return rows.map(pgDelivery);
    },
    async countDeliveries(editionId) {
      const result = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
      const { rows } = await db.query<{ state: DeliveryState; n: number }>(
        `SELECT state, count(*)::int AS n FROM ${S}.deliveries WHERE edition_id = $1 GROUP BY state`,
        [editionId],
      );
      for (const { state, n } of rows) result[state] = n;
      return result;
    },
    async completeEditionIfDone(editionId, now) {
      return db.tx(async (client) => {
        // The edition row is locked first: a planDeliveries committing meanwhile either
        // finished before (its rows are counted below) or reopens it after.
        const edition = await client.query(`SELECT 1 FROM ${S}.editions WHERE id = $1 FOR UPDATE`, [editionId]);
        if (edition.rowCount !== 1) return false;
        const open = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${S}.deliveries WHERE edition_id = $1 AND ${OPEN}`, [editionId]);
        if ((open.rows[0]?.n ?? 0) !== 0) return false;
        await client.query(`UPDATE ${S}.editions SET completed_at = coalesce(completed_at, $2) WHERE id = $1`, [editionId, now]);
        return true;
      });
    },
    ...pgPendingMethods(db),
  };
}
