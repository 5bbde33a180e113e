import { PG_SCHEMA as S } from './postgres-schema.js';
import type { PgDb } from './postgres-db.js';
import type { EditionStore, PendingGroup } from './types.js';

/**
 * The PostgreSQL ledger's give-up, re-queue and pending-summary methods, with the SQLite
 * store's semantics (src/store/sqlite-editions.ts): the give-up age counts from an
 * operator's re-queue when there was one, else from the edition's creation, and the
 * last reply is kept after the note.
 */
export function pgPendingMethods(db: PgDb): Pick<EditionStore, 'giveUpDeliveries' | 'requeueFailed' | 'pendingByReply'> {
  return {
    async giveUpDeliveries(editionId, queuedBefore, note, now) {
      const { rowCount } = await db.query(
        `UPDATE ${S}.deliveries d SET state = 'failed', next_attempt_at = NULL, updated_at = $3,
           last_error = $2 || coalesce(': ' || d.last_error, ' (never attempted)')
         FROM ${S}.editions e
         WHERE e.id = d.edition_id AND d.edition_id = $1 AND d.state = 'planned'
           AND coalesce(d.requeued_at, e.created_at) <= $4`,
        [editionId, note, now, queuedBefore],
      );
      return rowCount ?? 0;
    },
    async requeueFailed(editionId, now) {
      return db.tx(async (client) => {
        const { rowCount } = await client.query(
          `UPDATE ${S}.deliveries SET state = 'planned', next_attempt_at = NULL, requeued_at = $2, updated_at = $2
           WHERE edition_id = $1 AND state = 'failed'
             AND subscriber_id IN (SELECT id FROM ${S}.subscribers WHERE status = 'confirmed')`,
          [editionId, now],
        );
        const n = rowCount ?? 0;
        if (n > 0) await client.query(`UPDATE ${S}.editions SET completed_at = NULL WHERE id = $1`, [editionId]);
        return n;
      });
    },
    async pendingByReply(editionId) {
      const { rows } = await db.query<{ edition_id: string; last_error: string | null; planned: number; sending: number; next_at: Date | null; due_now: boolean }>(
        `SELECT d.edition_id, d.last_error,
           count(*) FILTER (WHERE d.state = 'planned')::int AS planned,
           count(*) FILTER (WHERE d.state = 'sending')::int AS sending,
           min(d.next_attempt_at) FILTER (WHERE d.state = 'planned') AS next_at,
           coalesce(bool_or(d.state = 'planned' AND d.next_attempt_at IS NULL), false) AS due_now
         FROM ${S}.deliveries d JOIN ${S}.editions e ON e.id = d.edition_id
         WHERE d.state IN ('planned', 'sending') AND ($1::text IS NULL OR d.edition_id = $1)
         GROUP BY d.edition_id, d.last_error
         ORDER BY min(e.scheduled_at), count(*) DESC, d.last_error COLLATE "C" NULLS FIRST`,
        [editionId ?? null],
      );
      return rows.map((r): PendingGroup => ({
        editionId: r.edition_id,
        lastError: r.last_error,
        planned: r.planned,
        sending: r.sending,
        nextAttemptAt: r.due_now || r.next_at === null ? null : new Date(r.next_at.getTime()),
      }));
    },
  };
}
