import type Database from 'better-sqlite3';
import { storeNotEmpty } from './not-empty.js';
import { emailKey } from './email-key.js';
import type { StoreCopyWriter } from './types.js';

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

/**
 * LoadableStore.load for the SQLite store: one IMMEDIATE transaction (no other writer
 * meanwhile) around `fill`, rows inserted as given. Deliveries keep their planning
 * order (rowid follows insertion).
 */
export function sqliteLoad(db: Database.Database, file: string): (fill: (writer: StoreCopyWriter) => Promise<void>) => Promise<void> {
  const insertSubscriber = db.prepare(
    `INSERT INTO subscribers (id, email, email_key, name, topics, status, source, created_at, updated_at, confirmed_at, unsubscribed_at, bounces)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEdition = db.prepare('INSERT INTO editions (id, scheduled_at, created_at, article_ids, subject, completed_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insertDelivery = db.prepare(
    `INSERT INTO deliveries (edition_id, subscriber_id, email, state, attempts, last_error, message_id, next_attempt_at, created_at, updated_at, sent_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const count = (table: 'subscribers' | 'editions'): number => db.prepare(`SELECT count(*) AS n FROM ${table}`).pluck().get() as number;
  const writer: StoreCopyWriter = {
    async subscribers(rows) {
      for (const s of rows) {
        insertSubscriber.run(s.id, s.email, emailKey(s.email), s.name, JSON.stringify(s.topics), s.status, s.source, ms(s.createdAt), ms(s.updatedAt), ms(s.confirmedAt), ms(s.unsubscribedAt), s.bounces);
      }
    },
    async edition(e, deliveries) {
      insertEdition.run(e.id, ms(e.scheduledAt), ms(e.createdAt), JSON.stringify(e.articleIds), e.subject, ms(e.completedAt));
      for (const d of deliveries) {
        insertDelivery.run(d.editionId, d.subscriberId, d.email, d.state, d.attempts, d.lastError, d.messageId, ms(d.nextAttemptAt), ms(d.createdAt), ms(d.updatedAt), ms(d.sentAt));
      }
    },
  };
  return async (fill) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const subscribers = count('subscribers');
      const editions = count('editions');
      if (subscribers + editions > 0) throw storeNotEmpty(file, subscribers, editions);
      await fill(writer);
      db.exec('COMMIT');
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  };
}
