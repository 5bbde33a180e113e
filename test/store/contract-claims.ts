/**
 * The store contract, claims and batch results: what keeps two senders from sending one
 * message twice. Not a test file itself.
 */
import assert from 'node:assert/strict';
import { at, NOW, later, editionWith, type Register } from './contract-shared.js';

export function claimContract(contract: Register): void {
  contract('markSending is a claim: of two stores racing for one delivery exactly one wins', async ({ store, open }) => {
    const [id] = await editionWith(store, 1);
    const other = await open();
    const results = await Promise.all([store.markSending('e1', id!, NOW), other.markSending('e1', id!, NOW)]);
    assert.deepEqual(results.sort(), [false, true]);
    const [d] = await store.listDeliveries('e1');
    assert.equal(d?.state, 'sending');
    assert.equal(d?.attempts, 1, 'counted once');
    assert.equal(await store.markSending('e1', 'nobody', NOW), false);
  });

  contract('two stores racing markSending for each of many deliveries: each is claimed exactly once', async ({ store, open }) => {
    const ids = await editionWith(store, 150);
    const other = await open();
    // Every call of both stores in flight at once, the other store's in reverse order.
    const claims = await Promise.all([
      ...ids.map(async (id) => ((await store.markSending('e1', id, NOW)) ? [id] : [])),
      ...[...ids].reverse().map(async (id) => ((await other.markSending('e1', id, NOW)) ? [id] : [])),
    ]);
    assertClaimedOnce(claims.flat(), ids);
    const rows = await other.listDeliveries('e1');
    assert.ok(rows.every((d) => d.state === 'sending' && d.attempts === 1), 'each counted once');
  });

  contract('markSendingMany claims only what is still planned, once, in the order given', async ({ store }) => {
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

  contract('two stores claiming overlapping batches never claim a delivery twice', async ({ store, open }) => {
    const ids = await editionWith(store, 40);
    const other = await open();
    const [a, b] = await Promise.all([store.markSendingMany('e1', ids.slice(0, 30), NOW), other.markSendingMany('e1', ids.slice(10), NOW)]);
    const all = [...a, ...b].sort();
    assert.deepEqual(all, [...ids].sort(), 'every delivery claimed exactly once between them');
    assert.ok((await store.listDeliveries('e1')).every((d) => d.state === 'sending' && d.attempts === 1));
  });

  contract('two stores racing many overlapping batches at once claim each delivery exactly once', async ({ store, open }) => {
    const ids = await editionWith(store, 200);
    const other = await open();
    // Batches of 10 against batches of 10 shifted by 5 and taken backwards: every
    // delivery is in one batch of each store, and every batch overlaps two of the other's.
    const batches = (list: string[], offset: number): string[][] =>
      Array.from({ length: Math.ceil((list.length + offset) / 10) }, (_, i) => list.slice(Math.max(0, i * 10 - offset), i * 10 + 10 - offset)).filter((b) => b.length > 0);
    const mine = batches(ids, 0);
    const theirs = batches([...ids].reverse(), 5);
    const claims = await Promise.all([
      ...mine.map(async (batch) => ({ batch, claimed: await store.markSendingMany('e1', batch, NOW) })),
      ...theirs.map(async (batch) => ({ batch, claimed: await other.markSendingMany('e1', batch, NOW) })),
    ]);
    for (const { batch, claimed } of claims) {
      assert.deepEqual(claimed, batch.filter((id) => claimed.includes(id)), 'a subset of the batch, in its order');
    }
    assertClaimedOnce(claims.flatMap((c) => c.claimed), ids);
    assert.deepEqual(await store.countDeliveries('e1'), { planned: 0, sending: 200, sent: 0, failed: 0 });
    assert.ok((await store.listDeliveries('e1')).every((d) => d.attempts === 1), 'each counted once');
  });

  contract('markSentMany records a batch in one transaction: all of it, or none when one is not open', async ({ store, open }) => {
    const ids = await editionWith(store, 5);
    await store.markSendingMany('e1', ids, NOW);
    await store.markFailed('e1', ids[4]!, '550 no such user', NOW, null);

    await assert.rejects(() => store.markSentMany('e1', [ids[0]!, ids[4]!], later(2)), /already failed/);
    assert.deepEqual(await store.countDeliveries('e1'), { planned: 0, sending: 4, sent: 0, failed: 1 }, 'the failed batch changed nothing');
    await assert.rejects(() => store.markSentMany('e1', [ids[1]!, ids[2]!, ids[1]!], later(2)), new RegExp(`${ids[1]} is already sent`));
    await assert.rejects(() => store.markSentMany('e1', [ids[1]!, 'nobody'], later(2)), /No delivery of edition e1 to subscriber nobody/);
    assert.deepEqual(await store.countDeliveries('e1'), { planned: 0, sending: 4, sent: 0, failed: 1 }, 'a batch naming an id twice, or an unknown one, changed nothing');

    await store.markSentMany('e1', ids.slice(0, 3), later(3));
    await store.markSentMany('e1', [], later(3));
    // Another connection (as a rerun would) sees the batch committed.
    const reader = await open({ readonly: true });
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
}

/** Every id of `ids` appears exactly once in `claimed`, and nothing else does. */
function assertClaimedOnce(claimed: string[], ids: string[]): void {
  const times = new Map<string, number>();
  for (const id of claimed) times.set(id, (times.get(id) ?? 0) + 1);
  const wrong = ids.filter((id) => times.get(id) !== 1).map((id) => `${id}: ${times.get(id) ?? 0}`);
  assert.deepEqual(wrong, [], 'claimed exactly once each');
  assert.equal(claimed.length, ids.length, 'nothing else claimed');
}
