import { newSubscriberId, type SubscriberRowOf } from './rows.js';
import { mergeSubscriberStatus, stampsFor } from './subscriber-status.js';
import type { SubscriberInput, SubscriberStatus } from './types.js';

/** Where a subscriber came from when the input does not say. */
const DEFAULT_SOURCE = 'cli';

/** How a database writes a time (`T`) and a topic list (`L`) in its rows. */
export interface RowCodec<T, L> {
  ms(value: T): number;
  time(ms: number): T;
  list(topics: readonly string[]): L;
}

/** The row an upsert of `input` inserts for a new address (`key` is its emailKey). */
export function newSubscriberRow<T, L>(input: SubscriberInput, key: string, now: T, codec: RowCodec<T, L>): SubscriberRowOf<T, L> {
  const status = input.status ?? 'pending';
  return {
    id: newSubscriberId(),
    email: input.email.trim(),
    email_key: key,
    name: input.name ?? null,
    topics: codec.list(input.topics ?? []),
    status,
    source: input.source ?? DEFAULT_SOURCE,
    created_at: now,
    updated_at: now,
    confirmed_at: status === 'confirmed' ? now : null,
    unsubscribed_at: status === 'unsubscribed' ? now : null,
    bounces: 0,
  };
}

/**
 * `row` as an upsert of `input` at `now` leaves it, `updated_at` untouched (the store
 * sets it when something changed). Name and topics change only when given; the status
 * follows mergeSubscriberStatus; the address as first given is kept, since past
 * deliveries and tokens refer to this row.
 */
export function upsertedRow<T, L>(row: SubscriberRowOf<T, L>, input: SubscriberInput, now: T, codec: RowCodec<T, L>): SubscriberRowOf<T, L> {
  const named = {
    ...row,
    name: input.name === undefined ? row.name : input.name,
    topics: input.topics === undefined ? row.topics : codec.list(input.topics),
  };
  return withStatus(named, mergeSubscriberStatus(row.status, input.status), now, codec);
}

/** `row` moved to `status` at `now`, its stamps as stampsFor says; `updated_at` untouched. */
export function withStatus<T, L>(row: SubscriberRowOf<T, L>, status: SubscriberStatus, now: T, codec: RowCodec<T, L>): SubscriberRowOf<T, L> {
  const ms = (t: T | null): number | null => (t === null ? null : codec.ms(t));
  const time = (n: number | null): T | null => (n === null ? null : codec.time(n));
  const stamps = stampsFor(row.status, status, { confirmedAt: ms(row.confirmed_at), unsubscribedAt: ms(row.unsubscribed_at), bounces: row.bounces }, codec.ms(now));
  return { ...row, status, confirmed_at: time(stamps.confirmedAt), unsubscribed_at: time(stamps.unsubscribedAt), bounces: stamps.bounces };
}

/** Whether `b` differs from `a` in anything a person can see (`updated_at` follows from it). */
export function rowChanged<T, L>(a: SubscriberRowOf<T, L>, b: SubscriberRowOf<T, L>, codec: RowCodec<T, L>): boolean {
  const ms = (t: T | null): number | null => (t === null ? null : codec.ms(t));
  return (
    a.name !== b.name ||
    JSON.stringify(a.topics) !== JSON.stringify(b.topics) ||
    a.status !== b.status ||
    ms(a.confirmed_at) !== ms(b.confirmed_at) ||
    ms(a.unsubscribed_at) !== ms(b.unsubscribed_at) ||
    a.bounces !== b.bounces
  );
}
