import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';

/**
 * In-memory token buckets, one per (rule, key). A bucket holds up to `capacity`
 * tokens and refills continuously at `capacity` per `windowMs`; each action takes one.
 * Time comes from the injected clock, so tests step through a day in microseconds.
 *
 * In-memory is deliberate: one `serve` process per store is the supported setup, and a
 * restart only forgives a few requests. Keys are hashed, so no address is kept in memory.
 */

export interface RateRule {
  capacity: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Takes one token; false when the bucket is empty (the action must not happen). */
  take(rule: string, key: string): boolean;
  /** Seconds until `take` would succeed again (0 when it would now). */
  retryAfter(rule: string, key: string): number;
}

/** The defaults: 3 confirmation emails per address per day, 10 sign-ups per client per hour. */
export const DEFAULT_RATE_RULES: Record<string, RateRule> = {
  address: { capacity: 3, windowMs: 24 * 3600_000 },
  client: { capacity: 10, windowMs: 3600_000 },
};

interface Bucket {
  tokens: number;
  at: number;
}

/** Creates a limiter over named rules; `maxKeys` bounds memory (full buckets are dropped first). */
export function createRateLimiter(clock: Clock, rules: Record<string, RateRule> = DEFAULT_RATE_RULES, maxKeys = 50_000): RateLimiter {
  const buckets = new Map<string, Bucket>();

  function ruleOf(name: string): RateRule {
    const rule = rules[name];
    if (!rule) throw new Error(`Unknown rate rule "${name}"`);
    return rule;
  }

  function current(name: string, key: string): { id: string; bucket: Bucket; rule: RateRule } {
    const rule = ruleOf(name);
    const id = `${name}:${createHash('sha256').update(key).digest('base64url')}`;
    const now = clock.now().getTime();
    const old = buckets.get(id);
    const refill = old ? ((now - old.at) / rule.windowMs) * rule.capacity : rule.capacity;
    const tokens = Math.min(rule.capacity, (old?.tokens ?? 0) + Math.max(0, refill));
    return { id, bucket: { tokens, at: now }, rule };
  }

  function prune(): void {
    const now = clock.now().getTime();
    for (const [id, b] of buckets) {
      const rule = rules[id.slice(0, id.indexOf(':'))];
      if (!rule || b.tokens + ((now - b.at) / rule.windowMs) * rule.capacity >= rule.capacity) buckets.delete(id);
    }
    // Still too many (a flood of distinct keys): forget the oldest rather than grow without bound.
    for (const id of buckets.keys()) {
      if (buckets.size <= maxKeys) break;
      buckets.delete(id);
    }
  }

  return {
    take(name, key) {
      const { id, bucket } = current(name, key);
      if (bucket.tokens < 1) {
        buckets.set(id, bucket);
        return false;
      }
      bucket.tokens -= 1;
      buckets.delete(id); // re-insert: Map order becomes least recently used first
      buckets.set(id, bucket);
      if (buckets.size > maxKeys) prune();
      return true;
    },
    retryAfter(name, key) {
      const { bucket, rule } = current(name, key);
      if (bucket.tokens >= 1) return 0;
      return Math.ceil((((1 - bucket.tokens) / rule.capacity) * rule.windowMs) / 1000);
    },
  };
}
