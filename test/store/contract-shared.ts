/**
 * What the contract's parts share: a test's case, the way tests are registered, the
 * times they use, and an edition with planned deliveries. Not a test file itself.
 */
import type { Store } from '../../src/store/types.js';
import type { OpenOptions } from './contract.js';

export interface Case {
  /** The store the test starts with, on a fresh location. */
  store: Store;
  /** Another store on the same location, as a second process would open it. */
  open(options?: OpenOptions): Promise<Store>;
}

export type Register = (title: string, body: (c: Case) => Promise<void>) => void;

export const at = (iso: string): Date => new Date(iso);
export const NOW = at('2025-06-16T08:00:00Z');
export const later = (s: number): Date => new Date(NOW.getTime() + s * 1000);
export const T0 = NOW;
export const T1 = at('2025-06-17T08:00:00Z');

/** An edition `id` with `n` confirmed subscribers planned, in order; gives their ids. */
export async function editionWith(store: Store, n: number, id = 'e1', scheduledAt = NOW): Promise<string[]> {
  await store.createEdition({ id, scheduledAt, articleIds: ['a1', 'a2'], subject: 'Weekly' }, NOW);
  const subs = await store.upsertSubscribers(
    Array.from({ length: n }, (_, i) => ({ email: `s${i}@example.com`, status: 'confirmed' as const })),
    NOW,
  );
  await store.planDeliveries(id, subs.map((s) => ({ subscriberId: s.id, email: s.email, messageId: `<${id}.${s.id}@example.com>` })), NOW);
  return subs.map((s) => s.id);
}
