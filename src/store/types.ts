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
  /** findSubscriberByEmail for many addresses at once (an import's "before"), in the order given. */
  findSubscribersByEmail(emails: readonly string[]): Promise<Array<Subscriber | undefined>>;
  /**
   * Inserts, or updates the subscriber with the same address (case-insensitively).
   * On an existing one: name/topics change only when given; `source` and the address
   * as first given are kept; the status follows mergeSubscriberStatus
   * (src/store/subscriber-status.ts): `unsubscribed`/`bounced` are never undone by an
   * upsert (use setSubscriberStatus), `confirmed` is never downgraded to `pending`.
   */
  upsertSubscriber(input: SubscriberInput, now: Date): Promise<Subscriber>;
  /** Many upserts in one transaction: all or nothing. */
  upsertSubscribers(inputs: SubscriberInput[], now: Date): Promise<Subscriber[]>;
  setSubscriberStatus(id: string, status: SubscriberStatus, now: Date): Promise<Subscriber | undefined>;
  setSubscriberTopics(id: string, topics: string[], now: Date): Promise<Subscriber | undefined>;
  removeSubscriber(id: string): Promise<boolean>;
  listSubscribers(filter?: { status?: SubscriberStatus }): Promise<Subscriber[]>;
  /**
   * The same subscribers in the same order (created, then address key), `pageSize` at a
   * time, each page read after the last one's key: memory stays flat however long the
   * list. A subscriber added meanwhile may or may not appear.
   */
  subscriberPages(filter: { status?: SubscriberStatus } | undefined, pageSize: number): AsyncIterable<Subscriber[]>;
  countSubscribersByStatus(): Promise<Record<SubscriberStatus, number>>;
}

/** Closes the underlying connection. */
export interface Closable {
  close(): Promise<void>;
}

/**
 * A delivery's life: `planned` (recorded before any mail goes out) → `sending`
 * (claimed: its SMTP transaction may have started) → `sent` | `failed` (permanent) |
 * back to `planned` with `nextAttemptAt` for a transient failure. A delivery found in
 * `sending` when an edition resumes was in flight during a crash: the send loop's
 * documented policy decides (see src/delivery).
 */
export const DELIVERY_STATES = ['planned', 'sending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface Edition {
  /** Stable id derived from the scheduled time. */
  id: string;
  /** The scheduled time the edition is for; unique. */
  scheduledAt: Date;
  createdAt: Date;
  /** Article ids the edition holds (each once). */
  articleIds: string[];
  subject: string | null;
  /** Set when no delivery is left `planned` or `sending`. */
  completedAt: Date | null;
}

export interface Delivery {
  editionId: string;
  subscriberId: string;
  /** Address at planning time (a later change of address does not redirect this edition). */
  email: string;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  /** Unique per delivery and identical across retries. */
  messageId: string;
  /** For a transient failure: not before this time. */
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

export interface PlannedDelivery {
  subscriberId: string;
  email: string;
  messageId: string;
}

export interface EditionStore {
  /** Creates the edition for `scheduledAt` unless one exists; never two for one time. */
  createEdition(input: { id: string; scheduledAt: Date; articleIds: string[]; subject?: string | null }, now: Date): Promise<{ edition: Edition; created: boolean }>;
  getEdition(id: string): Promise<Edition | undefined>;
  getEditionAt(scheduledAt: Date): Promise<Edition | undefined>;
  /** Newest first. */
  listEditions(limit?: number): Promise<Edition[]>;
  /**
   * Editions with deliveries still `planned` or `sending`, or never completed (created,
   * then a crash before planning), oldest first.
   */
  unfinishedEditions(): Promise<Edition[]>;
  /** Every article id held by any edition scheduled before `before` (all when omitted). */
  heldArticleIds(before?: Date): Promise<Set<string>>;
  /** Records deliveries (insert-or-ignore) in one transaction; returns how many were new. */
  planDeliveries(editionId: string, rows: PlannedDelivery[], now: Date): Promise<number>;
  /** Deliveries in `planned` whose nextAttemptAt is null or ≤ now, oldest first, at most `limit`. */
  dueDeliveries(editionId: string, now: Date, limit: number): Promise<Delivery[]>;
  /** planned → sending, attempts + 1. False when it was not `planned` (someone else has it). */
  markSending(editionId: string, subscriberId: string, now: Date): Promise<boolean>;
  markSent(editionId: string, subscriberId: string, now: Date): Promise<void>;
  /**
   * Batch claim: `markSending` for each id, all in one transaction. Returns the ids that
   * were claimed (those still `planned`), in the order given.
   */
  markSendingMany(editionId: string, subscriberIds: string[], now: Date): Promise<string[]>;
  /**
   * Group commit of results: `markSent` for each id, all in one durable transaction
   * (one fsync); all or nothing, and it throws like `markSent` if any is not open.
   */
  markSentMany(editionId: string, subscriberIds: string[], now: Date): Promise<void>;
  /** Transient failure: back to planned with a retry time. */
  markRetry(editionId: string, subscriberId: string, error: string, nextAttemptAt: Date, now: Date): Promise<void>;
  /** Permanent failure; `bounce` counts a hard bounce on the subscriber (and may mark them bounced). */
  markFailed(editionId: string, subscriberId: string, error: string, now: Date, bounce: { maxBounces: number } | null): Promise<void>;
  listDeliveries(editionId: string, filter?: { states?: DeliveryState[] }): Promise<Delivery[]>;
  countDeliveries(editionId: string): Promise<Record<DeliveryState, number>>;
  /** Sets completedAt when nothing is planned or sending; returns whether it is complete. */
  completeEditionIfDone(editionId: string, now: Date): Promise<boolean>;
  /**
   * Gives up on the `planned` deliveries of an edition that were queued (the edition
   * created, or the delivery re-queued by an operator) at or before `queuedBefore`: they
   * become `failed`, with `note` put before the last reply, which is kept. Returns how many.
   */
  giveUpDeliveries(editionId: string, queuedBefore: Date, note: string, now: Date): Promise<number>;
  /**
   * `failed` → `planned` (due now, the give-up age counted from `now`) for the failed
   * deliveries of an edition whose subscriber is still confirmed: not those suppressed,
   * unsubscribed or removed since. Re-opens the edition. Returns how many.
   */
  requeueFailed(editionId: string, now: Date): Promise<number>;
  /**
   * Open deliveries (`planned` or `sending`) grouped by edition and last reply, for
   * `status` and the end of a send: editions oldest first, the largest group first.
   * Only the edition given, when one is.
   */
  pendingByReply(editionId?: string): Promise<PendingGroup[]>;
}

/** Open deliveries of one edition that share a last reply. */
export interface PendingGroup {
  editionId: string;
  /** The last reply (or other reason) recorded; null when never tried. */
  lastError: string | null;
  planned: number;
  sending: number;
  /** The earliest next attempt of the planned ones; null when one is due at once (never tried, or none planned). */
  nextAttemptAt: Date | null;
}

/** Everything Broadsheet keeps between runs. */
export interface Store extends SubscriberStore, EditionStore, Closable {}

/** Rows written as they are (ids, times, states kept) by a copy from another store. */
export interface StoreCopyWriter {
  subscribers(rows: readonly Subscriber[]): Promise<void>;
  /** One edition with its deliveries, in planning order. */
  edition(edition: Edition, deliveries: readonly Delivery[]): Promise<void>;
}

/** A store that can be filled from another (`broadsheet store copy`). */
export interface LoadableStore extends Store {
  /**
   * Runs `fill` inside one transaction on this store, which must be empty (no
   * subscriber, no edition; else StoreNotEmpty). All or nothing: when `fill` throws,
   * nothing it wrote stays.
   */
  load(fill: (writer: StoreCopyWriter) => Promise<void>): Promise<void>;
}
