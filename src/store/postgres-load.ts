import type pg from 'pg';
import { emailKey } from './email-key.js';
import { storeNotEmpty } from './not-empty.js';
import { PG_SCHEMA as S } from './postgres-schema.js';
import type { StoreCopyWriter } from './types.js';

const CHUNK = 5000;

/**
 * LoadableStore.load for the PostgreSQL store: one transaction on a connection of its
 * own, with the tables locked against other writers (EXCLUSIVE: readers go on) for its
 * length, rows inserted as given, `CHUNK` per statement. Deliveries keep their planning
 * order (seq follows insertion).
 */
export function pgLoad(pool: pg.Pool, shown: string): (fill: (writer: StoreCopyWriter) => Promise<void>) => Promise<void> {
  return async (fill) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      await client.query(`LOCK TABLE ${S}.subscribers, ${S}.editions, ${S}.deliveries IN EXCLUSIVE MODE`);
      const { rows } = await client.query<{ subscribers: number; editions: number }>(
        `SELECT (SELECT count(*)::int FROM ${S}.subscribers) AS subscribers, (SELECT count(*)::int FROM ${S}.editions) AS editions`,
      );
      const counts = rows[0] ?? { subscribers: 0, editions: 0 };
      if (counts.subscribers + counts.editions > 0) throw storeNotEmpty(shown, counts.subscribers, counts.editions);
      await fill(writer(client));
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
      throw err;
    } finally {
      client.release(broken);
    }
  };
}

function writer(client: pg.PoolClient): StoreCopyWriter {
  return {
    async subscribers(all) {
      for (let i = 0; i < all.length; i += CHUNK) {
        const rows = all.slice(i, i + CHUNK);
        await client.query(
          `INSERT INTO ${S}.subscribers (id, email, email_key, name, topics, status, source, created_at, updated_at, confirmed_at, unsubscribed_at, bounces)
           SELECT t.id, t.email, t.email_key, t.name, ARRAY(SELECT jsonb_array_elements_text(t.topics)), t.status, t.source, t.created_at, t.updated_at, t.confirmed_at, t.unsubscribed_at, t.bounces
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::int[])
             AS t(id, email, email_key, name, topics, status, source, created_at, updated_at, confirmed_at, unsubscribed_at, bounces)`,
          [
            rows.map((s) => s.id),
            rows.map((s) => s.email),
            rows.map((s) => emailKey(s.email)),
            rows.map((s) => s.name),
            rows.map((s) => JSON.stringify(s.topics)),
            rows.map((s) => s.status),
            rows.map((s) => s.source),
            rows.map((s) => s.createdAt),
            rows.map((s) => s.updatedAt),
            rows.map((s) => s.confirmedAt),
            rows.map((s) => s.unsubscribedAt),
            rows.map((s) => s.bounces),
          ],
        );
      }
    },
    async edition(e, all) {
      await client.query(`INSERT INTO ${S}.editions (id, scheduled_at, created_at, article_ids, subject, completed_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
        e.id,
        e.scheduledAt,
        e.createdAt,
        e.articleIds,
        e.subject,
        e.completedAt,
      ]);
      for (let i = 0; i < all.length; i += CHUNK) {
        const rows = all.slice(i, i + CHUNK);
        await client.query(
          `INSERT INTO ${S}.deliveries (edition_id, subscriber_id, email, state, attempts, last_error, message_id, next_attempt_at, created_at, updated_at, sent_at)
           SELECT t.edition_id, t.subscriber_id, t.email, t.state, t.attempts, t.last_error, t.message_id, t.next_attempt_at, t.created_at, t.updated_at, t.sent_at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])
             WITH ORDINALITY AS t(edition_id, subscriber_id, email, state, attempts, last_error, message_id, next_attempt_at, created_at, updated_at, sent_at, n)
           ORDER BY t.n`,
          [
            rows.map((d) => d.editionId),
            rows.map((d) => d.subscriberId),
            rows.map((d) => d.email),
            rows.map((d) => d.state),
            rows.map((d) => d.attempts),
            rows.map((d) => d.lastError),
            rows.map((d) => d.messageId),
            rows.map((d) => d.nextAttemptAt),
            rows.map((d) => d.createdAt),
            rows.map((d) => d.updatedAt),
            rows.map((d) => d.sentAt),
          ],
        );
      }
    },
  };
}
