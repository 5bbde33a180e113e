export { emailKey } from './email-key.js';
export { newSubscriberId } from './rows.js';
import { deliveryFrom, editionFrom, subscriberFrom, type DeliveryRowOf, type EditionRowOf, type Readers, type SubscriberRowOf } from './rows.js';
import type { Delivery, Edition, Subscriber } from './types.js';

/** Rows as SQLite returns them (times are integer ms, lists JSON text). */
export type SubscriberRow = SubscriberRowOf<number, string>;
export type EditionRow = EditionRowOf<number, string>;
export type DeliveryRow = DeliveryRowOf<number>;

function stringArray(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** How SQLite's values become the interface's. */
export const SQLITE_READ: Readers<number, string> = { date: (ms) => new Date(ms), list: stringArray };
const read = SQLITE_READ;

export const toSubscriber = (r: SubscriberRow): Subscriber => subscriberFrom(r, read);
export const toEdition = (r: EditionRow): Edition => editionFrom(r, read);
export const toDelivery = (r: DeliveryRow): Delivery => deliveryFrom(r, read.date);
