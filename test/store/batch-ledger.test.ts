import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { at, tempStore } from './temp-store.js';

const NOW = at('2025-06-16T08:00:00Z');
const later = (s: number): Date => new Date(NOW.getTime() + s * 1000);

async function editionWith(store: Store, n: number): Promise<string[]> {
  await store.createEdition({ id: 'e1', scheduledAt: NOW, articleIds: ['a1'] }, NOW);
  const subs = await store.upsertSubscribers(
    Array.from({ length: n }, (_, i) => ({ email: `b${i}@example.com`, status: 'confirmed' as const })),
    NOW,
  );
  await store.planDeliveries('e1', subs.map((s) => ({ subscriberId: s.id, email: s.email, messageId: `<e1.${s.id}@example.com>` })), NOW);
  return subs.map((s) => s.id);
}

test('markSendingMany claims only what is still planned, once, in the order given', async (t) => {
  const { store } = tempStore(t);
  const ids = await editionWith(store, 6);
  assert.equal(await store.markSending('e1', ids[2]!, NOW), true);
  const claimed = await store.markSendingMany('e1', [ids[4]!, ids[2]!, 'nobody', ids[0]!, ids[1]!], later(1));
  assert.deepEqual(claimed, [ids[4], ids[0], ids[1]], 'the one already claimed and the unknown one are left out');
  assert.deepEqual(await store.markSendingMany('e1', [], NOW), []);
  const rows = new Map((await store.listDeliveries('e1')).map((d) => [d.subscriberId, d]));
  for (const id of [ids[0]!, ids[1]!, ids[2]!, ids[4]!]) assert.deepEqual([rows.get(id)?.state, rows.get(id)?.attempts], ['sending', 1], id);
  assert.equal(rows.get(ids[4]!)?.updatedAt.getTime(), later(1).getTime());
  assert.deepEqual(await store.countDeliveries('e1'), { planned: 2, sending: 4, sent: 0, failed: 0 });
});

test('two stores claiming overlapping batches never claim a delivery twice', async (t) => {
  const { store, file } = tempStore(t);
  const ids = await editionWith(store, 40);
  const other = openSqliteStore(file);
  t.after(() => other.close());
  const [a, b] = await Promise.all([store.markSendingMany('e1', ids.slice(0, 30), NOW), other.markSendingMany('e1', ids.slice(10), NOW)]);
  const all = [...a, ...b].sort();
  assert.deepEqual(all, [...ids].sort(), 'every delivery claimed exactly once between them');
  assert.ok((await store.listDeliveries('e1')).every((d) => d.state === 'sending' && d.attempts === 1));
});

test('markSentMany records a batch in one transaction: all of it, or none when one is not open', async (t) => {
  const { store, file } = tempStore(t);
  const ids = await editionWith(store, 5);
  await store.markSendingMany('e1', ids, NOW);
  await store.markFailed('e1', ids[4]!, '550 no such user', NOW, null);

  await assert.rejects(() => store.markSentMany('e1', [ids[0]!, ids[4]!], later(2)), /already failed/);
  assert.deepEqual(await store.countDeliveries('e1'), { planned: 0, sending: 4, sent: 0, failed: 1 }, 'the failed batch changed nothing');

  await store.markSentMany('e1', ids.slice(0, 3), later(3));
  await store.markSentMany('e1', [], later(3));
  // Another connection (as a rerun would) sees the batch committed.
  const reader = openSqliteStore(file, { readonly: true });
  t.after(() => reader.close());
  const rows = new Map((await reader.listDeliveries('e1')).map((d) => [d.subscriberId, d]));
  for (const id of ids.slice(0, 3)) {
    assert.equal(rows.get(id)?.state, 'sent');
    assert.equal(rows.get(id)?.sentAt?.getTime(), later(3).getTime());
  }
  assert.equal(rows.get(ids[3]!)?.state, 'sending');
  await assert.rejects(() => store.markSentMany('e1', [ids[0]!], later(4)), /already sent/);
  await store.markSent('e1', ids[3]!, later(4));
  assert.equal(await store.completeEditionIfDone('e1', later(5)), true);
});

test('markSentMany works the same with durability "normal" (no fsync)', async (t) => {
  const { store } = tempStore(t, { durability: 'normal' });
  const ids = await editionWith(store, 3);
  assert.deepEqual(await store.markSendingMany('e1', ids, NOW), ids);
  await store.markSentMany('e1', ids, later(1));
  assert.deepEqual(await store.countDeliveries('e1'), { planned: 0, sending: 0, sent: 3, failed: 0 });
});
