import { deliveryFrom, editionFrom, subscriberFrom, type DeliveryRowOf, type EditionRowOf, type Readers, type SubscriberRowOf } from './rows.js';
import type { Delivery, Edition, Subscriber } from './types.js';

/** Rows as node-postgres returns them: timestamptz as Date, text[] as string[]. */
export type PgSubscriberRow = SubscriberRowOf<Date, string[]>;
export type PgEditionRow = EditionRowOf<Date, string[]>;
export type PgDeliveryRow = DeliveryRowOf<Date>;

/** Every Date and list handed out is a copy, so no caller can change a row another holds. */
export const PG_READ: Readers<Date, string[]> = { date: (d) => new Date(d.getTime()), list: (l) => [...l] };
const read = PG_READ;

export const pgSubscriber = (r: PgSubscriberRow): Subscriber => subscriberFrom(r, read);
export const pgEdition = (r: PgEditionRow): Edition => editionFrom(r, read);
export const pgDelivery = (r: PgDeliveryRow): Delivery => deliveryFrom(r, read.date);
