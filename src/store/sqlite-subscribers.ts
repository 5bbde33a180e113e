import type Database from 'better-sqlite3';
import { SUBSCRIBER_STATUSES, type Subscriber, type SubscriberInput, type SubscriberStatus, type SubscriberStore } from './types.js';
import { SQLITE_READ, emailKey, toSubscriber, type SubscriberRow } from './sqlite-rows.js';
import { subscriberPagesOf } from './rows.js';
import { newSubscriberRow, rowChanged, upsertedRow, withStatus, type RowCodec } from './upsert-rules.js';

/** SQLite rows: times as integer ms, topics as JSON text. */
const CODEC: RowCodec<number, string> = { ms: (t) => t, time: (ms) => ms, list: (topics) => JSON.stringify(topics) };

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
  // Keyset paging in listAll's order: after the (created_at, email_key) of the last row.
  // A row-value comparison, which SQLite answers from the (created_at, email_key) indexes.
  const pageAll = db.prepare<[number, string, number], SubscriberRow>(
    'SELECT * FROM subscribers WHERE (created_at, email_key) > (?, ?) ORDER BY created_at, email_key LIMIT ?',
  );
  const pageByStatus = db.prepare<[string, number, string, number], SubscriberRow>(
    'SELECT * FROM subscribers WHERE status = ? AND (created_at, email_key) > (?, ?) ORDER BY status, created_at, email_key LIMIT ?',
  );
  const counts = db.prepare<[], { status: SubscriberStatus; n: number }>('SELECT status, count(*) AS n FROM subscribers GROUP BY status');

  /** Writes `next` when it differs from `row`; returns the row as stored. */
  function save(row: SubscriberRow, next: SubscriberRow, now: number): SubscriberRow {
    if (!rowChanged(row, next, CODEC)) return row;
    const stored = { ...next, updated_at: now };
    update.run(stored);
    return stored;
  }

  function upsertOne(input: SubscriberInput, nowMs: number): SubscriberRow {
    const key = emailKey(input.email);
    const existing = byKey.get(key);
    if (existing) return save(existing, upsertedRow(existing, input, nowMs, CODEC), nowMs);
    const row = newSubscriberRow(input, key, nowMs, CODEC);
    insert.run(row);
    return row;
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
      return change(id, (row, nowMs) => withStatus(row, status, nowMs, CODEC), now);
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
    subscriberPages(filter, pageSize) {
      return subscriberPagesOf<number, string>((after, size) => {
        const at = after?.created_at ?? Number.MIN_SAFE_INTEGER;
        const key = after?.email_key ?? '';
        return filter?.status ? pageByStatus.all(filter.status, at, key, size) : pageAll.all(at, key, size);
      }, SQLITE_READ, pageSize);
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
