import { systemClock } from '../../src/clock.js';
import type { SendEditionOptions } from '../../src/delivery/send-edition.js';
import { createSmtpTransport } from '../../src/delivery/smtp-transport.js';
import { parseSmtpUrl } from '../../src/delivery/smtp-url.js';
import type { Transport } from '../../src/delivery/transport.js';
import type { FaultServer } from './fault-smtp.js';
import { delivery, links, message, standInSource, topicsFor, type Fixture } from './stand-in.js';

/** Shared set-up of the send-loop tests. */
export const AT = new Date('2025-06-16T09:00:00Z');

export function smtp(server: FaultServer, concurrency = 4): Transport {
  return createSmtpTransport(parseSmtpUrl(server.url), { maxConnections: concurrency, socketTimeoutMs: 5000 });
}

export function options(fx: Fixture, transport: Transport, over: Partial<SendEditionOptions> = {}): SendEditionOptions {
  return { at: AT, store: fx.store, transport, source: standInSource(), links, message, delivery: delivery(), clock: systemClock, ...over };
}

/** Recipients that should get the edition: everyone whose topics hold an article. */
export const wanted = (n: number): number[] => Array.from({ length: n }, (_, i) => i).filter((i) => !topicsFor(i).includes('sports'));

export function countBy<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return m;
}
