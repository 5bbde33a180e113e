/**
 * The store interface: subscribers, editions and deliveries. The send loop, the
 * subscription service and `status` talk only to this, so a PostgreSQL store can
 * follow the SQLite one without touching them. Methods are async for that reason.
 */

export const SUBSCRIBER_STATUSES = ['pending', 'confirmed', 'unsubscribed', 'bounced'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

export interface Subscriber {
  /** Opaque id (stable; used in tokens). */
  id: string;
  /** Address as given; unique case-insensitively. */
  email: string;
  name: string | null;
  /** Topic names; empty = every topic. */
  topics: string[];
  status: SubscriberStatus;
  /** Where the subscriber came from: `import`, `cli`, `web`… */
  source: string;
  createdAt: Date;
  updatedAt: Date;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  /** Hard bounces counted towards `delivery.max_bounces`. */
  bounces: number;
}

export interface SubscriberInput {
  email: string;
  name?: string | null;
  topics?: string[];
  status?: SubscriberStatus;
  source?: string;
}

export interface SubscriberStore {
  getSubscriber(id: string): Promise<Subscriber | undefined>;
  /** Case-insensitive lookup. */
  findSubscriberByEmail(email: string): Promise<Subscriber | undefined>;
  /** Inserts, or updates the subscriber with the same address (case-insensitively). */
  upsertSubscriber(input: SubscriberInput, now: Date): Promise<Subscriber>;
  /** Many upserts in one transaction: all or nothing. */
  upsertSubscribers(inputs: SubscriberInput[], now: Date): Promise<Subscriber[]>;
  setSubscriberStatus(id: string, status: SubscriberStatus, now: Date): Promise<Subscriber | undefined>;
  setSubscriberTopics(id: string, topics: string[], now: Date): Promise<Subscriber | undefined>;
  removeSubscriber(id: string): Promise<boolean>;
  listSubscribers(filter?: { status?: SubscriberStatus }): Promise<Subscriber[]>;
  countSubscribersByStatus(): Promise<Record<SubscriberStatus, number>>;
}

/** Closes the underlying connection. */
export interface Closable {
  close(): Promise<void>;
}
