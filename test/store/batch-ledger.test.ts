import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, tempStore } from './temp-store.js';

// The batch methods' behaviour through the Store interface is in contract.ts (run for
// every backend); what stays here is SQLite's own durability setting.

const NOW = at('2025-06-16T08:00:00Z');
const later = (s: number): Date => new Date(NOW.getTime() + s * 1000);

test('markSentMany works the same with durability "normal" (no fsync)', async (t) => {
  const { store } = tempStore(t, { durability: 'normal' });
  await store.createEdition({ id: 'e1', scheduledAt: NOW, articleIds: ['a1'] }, NOW);
  const subs = await store.upsertSubscribers(
    Array.from({ length: 3 }, (_, i) => ({ email: `b${i}@example.com`, status: 'confirmed' as const })),
    NOW,
  );
  await store.planDeliveries('e1', subs.map((s) => ({ subscriberId: s.id, email: s.email, messageId: `<e1.${s.id}@example.com>` })), NOW);
  const ids = subs.map((s) => s.id);
  assert.deepEqual(await store.markSendingMany('e1', ids, NOW), ids);
  await store.markSentMany('e1', ids, later(1));
  assert.deepEqual(await store.countDeliveries('e1'), { planned: 0, sending: 0, sent: 3, failed: 0 });
});
