import type Database from 'better-sqlite3';
import { SUBSCRIBER_STATUSES, type Subscriber, type SubscriberInput, type SubscriberStatus, type SubscriberStore } from './types.js';
import { emailKey, newSubscriberId, toSubscriber, type SubscriberRow } from './sqlite-rows.js';
import { mergeSubscriberStatus, stampsFor } from './subscriber-status.js';

const DEFAULT_SOURCE = 'cli';

/** The subscriber half of the SQLite store. Statements are prepared once, here. */
export function sqliteSubscriberStore(db: Database.Database): SubscriberStore {
  const byId = db.prepare<[string], SubscriberRow>('SELECT * FROM subscribers WHERE id = ?');
  const byKey = db.prepare<[string], SubscriberRow>('SELECT * FROM subscribers WHERE email_key = ?');
  const insert = db.prepare<[SubscriberRow]>(
    `INSERT INTO subscribers (id, email, email_key, name, topics, status, source, created_at, updated_at, confirmed_at, unsubscribed_at, bounces)
     VALUES (@id, @email, @email_key, @name, @topics, @status, @source, @created_at, @updated_at, @confirmed_at, @unsubscribed_at, @bounces)`,
  );
  const update = db.prepare<[SubscriberRow]>(
    `UPDATE subscribers SET name = @name, topics = @topics, status = @status, updated_at = @updated_at,
       confirmed_at = @confirmed_at, unsubscribed_at = @unsubscribed_at, bounces = @bounces
     WHERE id = @id`,
  );
  const remove = db.prepare<[string]>('DELETE FROM subscribers WHERE id = ?');
  const listAll = db.prepare<[], SubscriberRow>('SELECT * FROM subscribers ORDER BY created_at, email_key');
  const listByStatus = db.prepare<[string], SubscriberRow>('SELECT * FROM subscribers WHERE status = ? ORDER BY created_at, email_key');
  const counts = db.prepare<[], { status: SubscriberStatus; n: number }>('SELECT status, count(*) AS n FROM subscribers GROUP BY status');

  /** Writes `next` when it differs from `row`; returns the row as stored. */
  function save(row: SubscriberRow, next: SubscriberRow, now: number): SubscriberRow {
    const changed =
      next.name !== row.name ||
      next.topics !== row.topics ||
      next.status !== row.status ||
      next.confirmed_at !== row.confirmed_at ||
      next.unsubscribed_at !== row.unsubscribed_at ||
      next.bounces !== row.bounces;
    if (!changed) return row;
    const stored = { ...next, updated_at: now };
    update.run(stored);
    return stored;
  }

  function upsertOne(input: SubscriberInput, nowMs: number): SubscriberRow {
    const email = input.email.trim();
    const key = emailKey(email);
    const existing = byKey.get(key);
    if (!existing) {
      const status = input.status ?? 'pending';
      const row: SubscriberRow = {
        id: newSubscriberId(),
        email,
        email_key: key,
        name: input.name ?? null,
        topics: JSON.stringify(input.topics ?? []),
        status,
        source: input.source ?? DEFAULT_SOURCE,
        created_at: nowMs,
        updated_at: nowMs,
        confirmed_at: status === 'confirmed' ? nowMs : null,
        unsubscribed_at: status === 'unsubscribed' ? nowMs : null,
        bounces: 0,
      };
      insert.run(row);
      return row;
    }
    // The address as first given is kept: past deliveries and tokens refer to this row.
    const status = mergeSubscriberStatus(existing.status, input.status);
    const stamps = stampsFor(existing.status, status, stampsOf(existing), nowMs);
    return save(
      existing,
      {
        ...existing,
        name: input.name === undefined ? existing.name : input.name,
        topics: input.topics === undefined ? existing.topics : JSON.stringify(input.topics),
        status,
        confirmed_at: stamps.confirmedAt,
        unsubscribed_at: stamps.unsubscribedAt,
        bounces: stamps.bounces,
      },
      nowMs,
    );
  }

  const changeTx = db.transaction((id: string, edit: (row: SubscriberRow, nowMs: number) => SubscriberRow, nowMs: number) => {
    const row = byId.get(id);
    return row && save(row, edit(row, nowMs), nowMs);
  });
  const upsertMany = db.transaction((inputs: SubscriberInput[], nowMs: number) => inputs.map((i) => upsertOne(i, nowMs)));

  return {
    async getSubscriber(id) {
      const row = byId.get(id);
      return row && toSubscriber(row);
    },
    async findSubscriberByEmail(email) {
      const row = byKey.get(emailKey(email));
      return row && toSubscriber(row);
    },
    async findSubscribersByEmail(emails) {
      return emails.map((email) => {
        const row = byKey.get(emailKey(email));
        return row && toSubscriber(row);
      });
    },
    async upsertSubscriber(input, now) {
      return toSubscriber(upsertMany.immediate([input], now.getTime())[0] as SubscriberRow);
    },
    async upsertSubscribers(inputs, now) {
      return upsertMany.immediate(inputs, now.getTime()).map(toSubscriber);
    },
    async setSubscriberStatus(id, status, now) {
      return change(id, (row, nowMs) => {
        const stamps = stampsFor(row.status, status, stampsOf(row), nowMs);
        return { ...row, status, confirmed_at: stamps.confirmedAt, unsubscribed_at: stamps.unsubscribedAt, bounces: stamps.bounces };
      }, now);
    },
    async setSubscriberTopics(id, topics, now) {
      return change(id, (row) => ({ ...row, topics: JSON.stringify(topics) }), now);
    },
    async removeSubscriber(id) {
      return remove.run(id).changes > 0;
    },
    async listSubscribers(filter) {
      const rows = filter?.status ? listByStatus.all(filter.status) : listAll.all();
      return rows.map(toSubscriber);
    },
    async countSubscribersByStatus() {
      const result = Object.fromEntries(SUBSCRIBER_STATUSES.map((s) => [s, 0])) as Record<SubscriberStatus, number>;
      for (const { status, n } of counts.all()) result[status] = n;
      return result;
    },
  };

  function change(id: string, edit: (row: SubscriberRow, nowMs: number) => SubscriberRow, now: Date): Subscriber | undefined {
    const row = changeTx.immediate(id, edit, now.getTime());
    return row && toSubscriber(row);
  }
}

function stampsOf(row: SubscriberRow): { confirmedAt: number | null; unsubscribedAt: number | null; bounces: number } {
  return { confirmedAt: row.confirmed_at, unsubscribedAt: row.unsubscribed_at, bounces: row.bounces };
}
