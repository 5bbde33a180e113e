import type { Delivery, DeliveryState, Edition, Subscriber, SubscriberStatus } from './types.js';

/**
 * Rows as node-postgres returns them: timestamptz as Date, text[] as string[]. Every
 * Date handed out is a fresh copy, so a caller cannot change a row another caller holds.
 */
export interface PgSubscriberRow {
  id: string;
  email: string;
  email_key: string;
  name: string | null;
  topics: string[];
  status: SubscriberStatus;
  source: string;
  created_at: Date;
  updated_at: Date;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
  bounces: number;
}

export interface PgEditionRow {
  id: string;
  scheduled_at: Date;
  created_at: Date;
  article_ids: string[];
  subject: string | null;
  completed_at: Date | null;
}

export interface PgDeliveryRow {
  edition_id: string;
  subscriber_id: string;
  email: string;
  state: DeliveryState;
  attempts: number;
  last_error: string | null;
  message_id: string;
  next_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

const copy = (d: Date): Date => new Date(d.getTime());
const maybe = (d: Date | null): Date | null => (d === null ? null : copy(d));

export function pgSubscriber(r: PgSubscriberRow): Subscriber {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    topics: [...r.topics],
    status: r.status,
    source: r.source,
    createdAt: copy(r.created_at),
    updatedAt: copy(r.updated_at),
    confirmedAt: maybe(r.confirmed_at),
    unsubscribedAt: maybe(r.unsubscribed_at),
    bounces: r.bounces,
  };
}

export function pgEdition(r: PgEditionRow): Edition {
  return {
    id: r.id,
    scheduledAt: copy(r.scheduled_at),
    createdAt: copy(r.created_at),
    articleIds: [...r.article_ids],
    subject: r.subject,
    completedAt: maybe(r.completed_at),
  };
}

export function pgDelivery(r: PgDeliveryRow): Delivery {
  return {
    editionId: r.edition_id,
    subscriberId: r.subscriber_id,
    email: r.email,
    state: r.state,
    attempts: r.attempts,
    lastError: r.last_error,
    messageId: r.message_id,
    nextAttemptAt: maybe(r.next_attempt_at),
    createdAt: copy(r.created_at),
    updatedAt: copy(r.updated_at),
    sentAt: maybe(r.sent_at),
  };
}
