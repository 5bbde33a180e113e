import { PG_SCHEMA as S } from './postgres-schema.js';
import type { PgDb } from './postgres-db.js';
import { pgSubscriber, type PgSubscriberRow } from './postgres-rows.js';
import { emailKey } from './email-key.js';
import { newSubscriberId } from './rows.js';
import { mergeSubscriberStatus, stampsFor } from './subscriber-status.js';
import { SUBSCRIBER_STATUSES, type SubscriberInput, type SubscriberStatus, type SubscriberStore } from './types.js';
import type pg from 'pg';

const DEFAULT_SOURCE = 'cli';
const ORDER = 'ORDER BY created_at, email_key COLLATE "C"';

/**
 * The subscriber half of the PostgreSQL store, with the SQLite store's semantics
 * (src/store/sqlite-subscribers.ts): the same address key, the same status merge, the
 * same stamps. An upsert inserts or locks the existing row before deciding, so two
 * processes upserting one address at once end with one row and both changes applied
 * in turn.
 */
export function pgSubscriberStore(db: PgDb): SubscriberStore {
  async function upsertOne(client: pg.PoolClient, input: SubscriberInput, now: Date): Promise<PgSubscriberRow> {
    const email = input.email.trim();
    const key = emailKey(email);
    const status = input.status ?? 'pending';
    const inserted = await client.query<PgSubscriberRow>(
      `INSERT INTO ${S}.subscribers (id, email, email_key, name, topics, status, source, created_at, updated_at, confirmed_at, unsubscribed_at, bounces)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, 0)
       ON CONFLICT (email_key) DO NOTHING RETURNING *`,
      [
        newSubscriberId(),
        email,
        key,
        input.name ?? null,
        input.topics ?? [],
        status,
        input.source ?? DEFAULT_SOURCE,
        now,
        status === 'confirmed' ? now : null,
        status === 'unsubscribed' ? now : null,
      ],
    );
    if (inserted.rows[0]) return inserted.rows[0];
    const existing = (await client.query<PgSubscriberRow>(`SELECT * FROM ${S}.subscribers WHERE email_key = $1 FOR UPDATE`, [key])).rows[0];
    if (!existing) throw new Error(`Subscriber ${key} vanished during an upsert`);
    // The address as first given is kept: past deliveries and tokens refer to this row.
    const merged = mergeSubscriberStatus(existing.status, input.status);
    const stamps = stampsFor(existing.status, merged, stampsOf(existing), now.getTime());
    return save(client, existing, {
      ...existing,
      name: input.name === undefined ? existing.name : input.name,
      topics: input.topics === undefined ? existing.topics : input.topics,
      status: merged,
      confirmed_at: dateOf(stamps.confirmedAt),
      unsubscribed_at: dateOf(stamps.unsubscribedAt),
      bounces: stamps.bounces,
    }, now);
  }

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
    async upsertSubscriber(input, now) {
      return pgSubscriber(await db.tx((client) => upsertOne(client, input, now)));
    },
    async upsertSubscribers(inputs, now) {
      const rows = await db.tx(async (client) => {
        const out: PgSubscriberRow[] = [];
        for (const input of inputs) out.push(await upsertOne(client, input, now));
        return out;
      });
      return rows.map(pgSubscriber);
    },
    async setSubscriberStatus(id, status, now) {
      const row = await change(id, (r, at) => {
        const stamps = stampsFor(r.status, status, stampsOf(r), at.getTime());
        return { ...r, status, confirmed_at: dateOf(stamps.confirmedAt), unsubscribed_at: dateOf(stamps.unsubscribedAt), bounces: stamps.bounces };
      }, now);
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
  const changed =
    next.name !== row.name ||
    !sameList(next.topics, row.topics) ||
    next.status !== row.status ||
    time(next.confirmed_at) !== time(row.confirmed_at) ||
    time(next.unsubscribed_at) !== time(row.unsubscribed_at) ||
    next.bounces !== row.bounces;
  if (!changed) return row;
  const stored = { ...next, updated_at: now };
  await client.query(
    `UPDATE ${S}.subscribers SET name = $2, topics = $3, status = $4, updated_at = $5, confirmed_at = $6, unsubscribed_at = $7, bounces = $8 WHERE id = $1`,
    [stored.id, stored.name, stored.topics, stored.status, stored.updated_at, stored.confirmed_at, stored.unsubscribed_at, stored.bounces],
  );
  return stored;
}

function stampsOf(row: PgSubscriberRow): { confirmedAt: number | null; unsubscribedAt: number | null; bounces: number } {
  return { confirmedAt: time(row.confirmed_at), unsubscribedAt: time(row.unsubscribed_at), bounces: row.bounces };
}

const time = (d: Date | null): number | null => (d === null ? null : d.getTime());
const dateOf = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
