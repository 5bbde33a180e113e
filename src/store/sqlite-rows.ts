import { randomBytes } from 'node:crypto';
export { emailKey } from './email-key.js';
import type { Delivery, DeliveryState, Edition, Subscriber, SubscriberStatus } from './types.js';

/** Rows as SQLite returns them (times are integer ms). */
export interface SubscriberRow {
  id: string;
  email: string;
  email_key: string;
  name: string | null;
  topics: string;
  status: SubscriberStatus;
  source: string;
  created_at: number;
  updated_at: number;
  confirmed_at: number | null;
  unsubscribed_at: number | null;
  bounces: number;
}

export interface EditionRow {
  id: string;
  scheduled_at: number;
  created_at: number;
  article_ids: string;
  subject: string | null;
  completed_at: number | null;
}

export interface DeliveryRow {
  edition_id: string;
  subscriber_id: string;
  email: string;
  state: DeliveryState;
  attempts: number;
  last_error: string | null;
  message_id: string;
  next_attempt_at: number | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
}

/** A new subscriber id: 16 random bytes, base64url (22 characters, URL-safe). */
export function newSubscriberId(): string {
  return randomBytes(16).toString('base64url');
}

const date = (ms: number): Date => new Date(ms);
const maybeDate = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function stringArray(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function toSubscriber(r: SubscriberRow): Subscriber {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    topics: stringArray(r.topics),
    status: r.status,
    source: r.source,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    confirmedAt: maybeDate(r.confirmed_at),
    unsubscribedAt: maybeDate(r.unsubscribed_at),
    bounces: r.bounces,
  };
}

export function toEdition(r: EditionRow): Edition {
  return {
    id: r.id,
    scheduledAt: date(r.scheduled_at),
    createdAt: date(r.created_at),
    articleIds: stringArray(r.article_ids),
    subject: r.subject,
    completedAt: maybeDate(r.completed_at),
  };
}

export function toDelivery(r: DeliveryRow): Delivery {
  return {
    editionId: r.edition_id,
    subscriberId: r.subscriber_id,
    email: r.email,
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    messageId: r.message_id,
    nextAttemptAt: maybeDate(r.next_attempt_at),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
    sentAt: maybeDate(r.sent_at),
  };
}
