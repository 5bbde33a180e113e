import { PG_SCHEMA as S } from './postgres-schema.js';
import type { PgDb } from './postgres-db.js';
import { PG_READ, pgSubscriber, type PgSubscriberRow } from './postgres-rows.js';
import { subscriberPagesOf } from './rows.js';
import { emailKey } from './email-key.js';
import { PG_CODEC, upsertSubscriberRows } from './postgres-upsert.js';
import { rowChanged, withStatus } from './upsert-rules.js';
import { SUBSCRIBER_STATUSES, type SubscriberStatus, type SubscriberStore } from './types.js';
import type pg from 'pg';

const ORDER = 'ORDER BY created_at, email_key COLLATE "C"';

/**
 * The subscriber half of the PostgreSQL store, with the SQLite store's semantics
 * (src/store/sqlite-subscribers.ts): the same address key, the same status merge, the
 * same stamps. Upserts are set-based (src/store/postgres-upsert.ts); a status or
 * topics change locks the row before deciding, so two processes changing one
 * subscriber at once apply both changes in turn.
 */
export function pgSubscriberStore(db: PgDb): SubscriberStore {
  /** Changes one subscriber under a row lock; undefined when there is none. */
  function change(id: string, edit: (row: PgSubscriberRow, now: Date) => PgSubscriberRow, now: Date): Promise<PgSubscriberRow | undefined> {
    return db.tx(async (client) => {
      const row = (await client.query<PgSubscriberRow>(`SELECT * FROM ${S}.subscribers WHERE id = $1 FOR UPDATE`, [id])).rows[0];
      return row && save(client, row, edit(row, now), now);
    });
  }

  return {
    async getSubscriber(id) {
      const row = (await db.query<PgSubscriberRow>(`SELECT * FROM ${S}.subscribers WHERE id = $1`, [id])).rows[0];
      return row && pgSubscriber(row);
    },
    async findSubscriberByEmail(email) {
      const row = (await db.query<PgSubscriberRow>(`SELECT * FROM ${S}.subscribers WHERE email_key = $1`, [emailKey(email)])).rows[0];
      return row && pgSubscriber(row);
    },
    async findSubscribersByEmail(emails) {
      const keys = emails.map(emailKey);
      const found = new Map<string, PgSubscriberRow>();
      for (let i = 0; i < keys.length; i += 5000) {
        const { rows } = await db.query<PgSubscriberRow>(`SELECT * FROM ${S}.subscribers WHERE email_key = ANY($1::text[])`, [keys.slice(i, i + 5000)]);
        for (const r of rows) found.set(r.email_key, r);
      }
      return keys.map((k) => {
        const row = found.get(k);
        return row && pgSubscriber(row);
      });
    },
    async upsertSubscriber(input, now) {
      const [row] = await upsertSubscriberRows(db, [input], now);
      if (!row) throw new Error('An upsert returned no row');
      return pgSubscriber(row);
    },
    async upsertSubscribers(inputs, now) {
      if (inputs.length === 0) return [];
      return (await upsertSubscriberRows(db, inputs, now)).map(pgSubscriber);
    },
    async setSubscriberStatus(id, status, now) {
      const row = await change(id, (r, at) => withStatus(r, status, at, PG_CODEC), now);
      return row && pgSubscriber(row);
    },
    async setSubscriberTopics(id, topics, now) {
      const row = await change(id, (r) => ({ ...r, topics: [...topics] }), now);
      return row && pgSubscriber(row);
    },
    async removeSubscriber(id) {
      return ((await db.query(`DELETE FROM ${S}.subscribers WHERE id = $1`, [id])).rowCount ?? 0) > 0;
    },
    async listSubscribers(filter) {
      const { rows } = filter?.status
        ? await db.query<PgSubscriberRow>(`SELECT * FROM ${S}.subscribers WHERE status = $1 ${ORDER}`, [filter.status])
        : await db.query<PgSubscriberRow>(`SELECT * FROM ${S}.subscribers ${ORDER}`);
      return rows.map(pgSubscriber);
    },
    subscriberPages(filter, pageSize) {
      // Keyset paging in listSubscribers' order (email_key compared byte-wise, as ORDER
      // sorts it), with only the conditions that apply, so the planner walks an index.
      return subscriberPagesOf<Date, string[]>(async (after, size) => {
        const values: unknown[] = [];
        const where: string[] = [];
        if (filter?.status) where.push(`status = $${values.push(filter.status)}`);
        if (after) where.push(`(created_at, email_key COLLATE "C") > ($${values.push(after.created_at)}, $${values.push(after.email_key)})`);
        const sql = `SELECT * FROM ${S}.subscribers WHERE ${where.join(' AND ') || 'TRUE'} ${ORDER} LIMIT $${values.push(size)}`;
        return (await db.query<PgSubscriberRow>(sql, values)).rows;
      }, PG_READ, pageSize);
    },
    async countSubscribersByStatus() {
      const result = Object.fromEntries(SUBSCRIBER_STATUSES.map((s) => [s, 0])) as Record<SubscriberStatus, number>;
      const { rows } = await db.query<{ status: SubscriberStatus; n: number }>(`SELECT status, count(*)::int AS n FROM ${S}.subscribers GROUP BY status`);
      for (const { status, n } of rows) result[status] = n;
      return result;
    },
  };
}

/** Writes `next` when it differs from `row`; returns the row as stored. */
async function save(client: pg.PoolClient, row: PgSubscriberRow, next: PgSubscriberRow, now: Date): Promise<PgSubscriberRow> {
  if (!rowChanged(row, next, PG_CODEC)) return row;
  const stored = { ...next, updated_at: now };
  await client.query(
    `UPDATE ${S}.subscribers SET name = $2, topics = $3, status = $4, updated_at = $5, confirmed_at = $6, unsubscribed_at = $7, bounces = $8 WHERE id = $1`,
    [stored.id, stored.name, stored.topics, stored.status, stored.updated_at, stored.confirmed_at, stored.unsubscribed_at, stored.bounces],
  );
  return stored;
}
