import type { Clock } from '../clock.js';
import type { EditionPlan, RenderedEdition } from '../digest/types.js';
import type { DkimSigner } from '../email/dkim.js';
import type { Address } from '../email/headers.js';
import type { Edition, Store } from '../store/types.js';
import type { Timer } from './timer.js';
import type { Transport } from './transport.js';

/** A subscriber's unsubscribe and preferences URLs (signed tokens inside). */
export type SubscriptionLinks = (subscriberId: string) => { unsubscribeUrl: string; preferencesUrl: string };

/**
 * Where editions come from: selection, rendering and the web archive, injected so the
 * send loop is tested with a stand-in and the CLI wires the real digest modules.
 */
export interface EditionSource {
  /** The plan of a new edition at `at`, leaving out articles earlier editions held. */
  select(at: Date, held: ReadonlySet<string>): Promise<EditionPlan>;
  /** The plan of a recorded edition (for a resume): exactly its recorded articles. */
  planOf(edition: Edition): Promise<EditionPlan>;
  /** Renders an edition once; per-recipient work is `renderFor`. */
  render(plan: EditionPlan): Promise<RenderedEdition>;
  /** Writes the edition's web archive copy before any mail links to it. */
  archive(rendered: RenderedEdition): Promise<void>;
}

/** Message settings that are the same for every edition. */
export interface MessageSettings {
  from: Address;
  replyTo?: Address | undefined;
  /** List-Id header value in RFC 2919 form. */
  listId: string;
  unsubscribeMailto?: string | undefined;
  /** Right-hand side of Message-IDs, e.g. the sender's domain. */
  messageIdDomain: string;
  dkim?: DkimSigner | undefined;
}

/** `delivery.*` from the config, in milliseconds where it matters. */
export interface DeliverySettings {
  /** Messages per second, never exceeded. */
  rate: number;
  /** Messages in flight at once. */
  concurrency: number;
  /**
   * Attempts a temporary failure gets within one run (the run waits for them at most as
   * long as these attempts' back-off takes); after that it stays pending for a later run.
   */
  maxAttempts: number;
  /** Hard bounces before an address is marked bounced. */
  maxBounces: number;
  /** Base and cap of the exponential back-off. */
  retryBaseMs: number;
  retryCapMs: number;
  /** Consecutive "cannot reach the server" failures that stop the run. */
  maxConnectionFailures?: number;
  /**
   * How long after an edition's creation (or an operator's re-queue) temporary failures
   * are retried; past it a pending delivery is recorded failed, its last reply kept.
   * Default 3 days.
   */
  giveUpAfterMs?: number;
  /**
   * Distinct recipients in a row refused with a temporary failure (no success between)
   * that mean the server refuses everything for now: the run stops, all stays pending.
   * Default max(8, 2 × concurrency).
   */
  outageAfter?: number;
}

/** What the loop tells the operator (counts only: no addresses). */
export type SendEvent =
  | { type: 'resume'; editionId: string; inFlight: number }
  | { type: 'edition'; editionId: string; created: boolean; articles: number }
  | { type: 'planned'; editionId: string; added: number; total: number }
  | { type: 'progress'; editionId: string; sent: number; failed: number; retrying: number; remaining: number }
  | { type: 'empty'; at: Date }
  /** Not recorded: no confirmed subscriber at all, so its articles wait for a later edition. */
  | { type: 'nobody'; at: Date; articles: number }
  | { type: 'already-complete'; editionId: string }
  | { type: 'stopping'; reason: string }
  | { type: 'gave-up'; editionId: string; count: number };

export interface SendEditionOptions {
  /** The edition's scheduled time (`--now`; `--due` computes it). */
  at: Date;
  store: Store;
  transport: Transport;
  source: EditionSource;
  links: SubscriptionLinks;
  message: MessageSettings;
  delivery: DeliverySettings;
  /** Wall clock for the store's timestamps, Date headers and retry times; must advance. */
  clock: Clock;
  timer?: Timer;
  /** Uniform in [0, 1) for back-off jitter. */
  random?: () => number;
  /** Aborted on SIGINT/SIGTERM: stop taking deliveries, finish those in flight. */
  signal?: AbortSignal;
  report?: (event: SendEvent) => void;
  /**
   * Record a new edition even when the store has no confirmed subscriber (its articles
   * then count as sent). Default false: such an edition is not recorded.
   */
  allowEmpty?: boolean;
  /** How often progress is reported, in deliveries. Default 100. */
  progressEvery?: number;
  /**
   * False: only finish editions already recorded (resume, re-queued failures); never
   * create the edition for `at`. Default true.
   */
  createNew?: boolean;
}

/** Counts for one edition touched by a run. */
export interface EditionOutcome {
  editionId: string;
  /** Created by this run (false: resumed or already there). */
  created: boolean;
  /** Deliveries this run: */
  sent: number;
  failed: number;
  bounced: number;
  retried: number;
  /** Deliveries found `sending` from an interrupted run and re-sent (crash policy). */
  resent: number;
  /** Deliveries not yet final after this run (planned or sending). */
  remaining: number;
  /** When the earliest of those is next due (undefined: now, or none remains). */
  nextAttemptAt?: Date | undefined;
  /** Deliveries recorded failed this run because they passed `giveUpAfterMs` (counted in `failed` too). */
  gaveUp: number;
  complete: boolean;
}

export interface SendEditionResult {
  editions: EditionOutcome[];
  /** True when every edition touched is complete (exit 0). */
  complete: boolean;
  /** Why the run stopped early, when it did (signal, fatal SMTP error, unreachable server). */
  stopped?: string;
}
