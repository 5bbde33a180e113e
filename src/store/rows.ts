import { randomBytes } from 'node:crypto';
import type { Delivery, DeliveryState, Edition, Subscriber, SubscriberStatus } from './types.js';

/**
 * The three tables' rows, with the time type `T` and list type `L` of each database
 * (SQLite: integer ms and JSON text; PostgreSQL: Date and string[]). Both stores turn
 * rows into the interface's objects here, so a column is read the same way by both.
 */
export interface SubscriberRowOf<T, L> {
  id: string;
  email: string;
  email_key: string;
  name: string | null;
  topics: L;
  status: SubscriberStatus;
  source: string;
  created_at: T;
  updated_at: T;
  confirmed_at: T | null;
  unsubscribed_at: T | null;
  bounces: number;
}

export interface EditionRowOf<T, L> {
  id: string;
  scheduled_at: T;
  created_at: T;
  article_ids: L;
  subject: string | null;
  completed_at: T | null;
}

export interface DeliveryRowOf<T> {
  edition_id: string;
  subscriber_id: string;
  email: string;
  state: DeliveryState;
  attempts: number;
  last_error: string | null;
  message_id: string;
  next_attempt_at: T | null;
  created_at: T;
  updated_at: T;
  sent_at: T | null;
}

/** How a database's values become the interface's: a fresh Date, a fresh string list. */
export interface Readers<T, L> {
  date(value: T): Date;
  list(value: L): string[];
}

export function subscriberFrom<T, L>(r: SubscriberRowOf<T, L>, read: Readers<T, L>): Subscriber {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    topics: read.list(r.topics),
    status: r.status,
    source: r.source,
    createdAt: read.date(r.created_at),
    updatedAt: read.date(r.updated_at),
    confirmedAt: r.confirmed_at === null ? null : read.date(r.confirmed_at),
    unsubscribedAt: r.unsubscribed_at === null ? null : read.date(r.unsubscribed_at),
    bounces: r.bounces,
  };
}

export function editionFrom<T, L>(r: EditionRowOf<T, L>, read: Readers<T, L>): Edition {
  return {
    id: r.id,
    scheduledAt: read.date(r.scheduled_at),
    createdAt: read.date(r.created_at),
    articleIds: read.list(r.article_ids),
    subject: r.subject,
    completedAt: r.completed_at === null ? null : read.date(r.completed_at),
  };
}

export function deliveryFrom<T>(r: DeliveryRowOf<T>, date: (value: T) => Date): Delivery {
  return {
    editionId: r.edition_id,
    subscriberId: r.subscriber_id,
    email: r.email,
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    messageId: r.message_id,
    nextAttemptAt: r.next_attempt_at === null ? null : date(r.next_attempt_at),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    sentAt: r.sent_at === null ? null : date(r.sent_at),
  };
}

/** A new subscriber id: 16 random bytes, base64url (22 characters, URL-safe). */
export function newSubscriberId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Subscribers a page at a time by keyset: `fetch(after, size)` reads the rows in list
 * order (created, then address key) strictly after the `after` row, or from the start.
 * A short page is the last; an exact multiple ends with one empty read, never an empty page.
 */
export async function* subscriberPagesOf<T, L>(
  fetch: (after: SubscriberRowOf<T, L> | undefined, size: number) => Promise<Array<SubscriberRowOf<T, L>>> | Array<SubscriberRowOf<T, L>>,
  read: Readers<T, L>,
  pageSize: number,
): AsyncGenerator<Subscriber[]> {
  let after: SubscriberRowOf<T, L> | undefined;
  for (;;) {
    const rows = await fetch(after, pageSize);
    if (rows.length === 0) return;
    after = rows[rows.length - 1];
    yield rows.map((r) => subscriberFrom(r, read));
    if (rows.length < pageSize) return;
  }
}
