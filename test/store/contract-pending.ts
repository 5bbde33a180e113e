/** The store contract, pending work: grouping by reply, giving up past an age, re-queueing failures. Not a test file itself. */
import assert from 'node:assert/strict';
import { NOW, later, editionWith, type Register } from './contract-shared.js';

export function pendingContract(contract: Register): void {
  contract('pendingByReply groups open deliveries by edition and last reply, with the earliest next attempt', async ({ store }) => {
    const ids = await editionWith(store, 6);
    const [a, b, c, d, e] = ids;
    await store.markSendingMany('e1', [a!, b!, c!, d!, e!], later(1));
    await store.markRetry('e1', a!, '451 4.3.0 try again later', later(600), later(2));
    await store.markRetry('e1', b!, '451 4.3.0 try again later', later(300), later(2));
    await store.markRetry('e1', c!, '421 closing', later(900), later(2));
    await store.markSent('e1', d!, later(3));
    // e stays `sending` (in flight, or a run that died); the 6th was never tried.
    const groups = await store.pendingByReply();
    assert.deepEqual(
      groups.map((g) => [g.editionId, g.lastError, g.planned, g.sending, g.nextAttemptAt?.toISOString() ?? null]),
      [
        ['e1', null, 1, 1, null],
        ['e1', '451 4.3.0 try again later', 2, 0, later(300).toISOString()],
        ['e1', '421 closing', 1, 0, later(900).toISOString()],
      ],
      'largest group first (never tried before a reply on a tie); a never-tried delivery is due at once',
    );
    assert.deepEqual(await store.pendingByReply('e1'), groups);
    assert.deepEqual(await store.pendingByReply('other'), []);
  });

  contract('giveUpDeliveries fails planned deliveries queued before the cut-off, keeping the last reply', async ({ store }) => {
    const ids = await editionWith(store, 3);
    const [a, b, c] = ids;
    await store.markSendingMany('e1', [a!, b!, c!], later(1));
    await store.markRetry('e1', a!, '451 try again later', later(600), later(2));
    await store.markRetry('e1', b!, 'not sent: the run was stopped', later(2), later(2));
    // c is in flight: giving up is for pending work only.
    assert.equal(await store.giveUpDeliveries('e1', new Date(NOW.getTime() - 1), 'gave up', later(5)), 0, 'the edition is younger than the cut-off');
    assert.equal(await store.giveUpDeliveries('e1', NOW, 'gave up: not delivered within 3 days', later(5)), 2);
    const rows = new Map((await store.listDeliveries('e1')).map((r) => [r.subscriberId, r]));
    assert.equal(rows.get(a!)?.state, 'failed');
    assert.equal(rows.get(a!)?.lastError, 'gave up: not delivered within 3 days: 451 try again later');
    assert.equal(rows.get(a!)?.nextAttemptAt, null);
    assert.equal(rows.get(b!)?.lastError, 'gave up: not delivered within 3 days: not sent: the run was stopped');
    assert.equal(rows.get(c!)?.state, 'sending');
    assert.equal((await store.getSubscriber(a!))?.bounces, 0, 'not a bounce');
  });

  contract('requeueFailed re-opens failures of subscribers still confirmed, and restarts their give-up age', async ({ store }) => {
    const ids = await editionWith(store, 4);
    const [a, b, c, d] = ids;
    await store.markSendingMany('e1', ids, later(1));
    for (const id of [a!, b!, c!]) await store.markFailed('e1', id, '554 5.7.1 rejected', later(2), null);
    await store.markSent('e1', d!, later(2));
    assert.equal(await store.completeEditionIfDone('e1', later(3)), true);
    await store.setSubscriberStatus(b!, 'unsubscribed', later(4));
    await store.removeSubscriber(c!);

    assert.equal(await store.requeueFailed('e1', later(10)), 1, 'only the one still confirmed');
    assert.equal((await store.getEdition('e1'))?.completedAt, null, 're-opened');
    assert.deepEqual((await store.unfinishedEditions()).map((e) => e.id), ['e1']);
    const due = await store.dueDeliveries('e1', later(10), 10);
    assert.deepEqual(due.map((r) => r.subscriberId), [a!]);
    assert.equal(due[0]?.lastError, '554 5.7.1 rejected', 'the last reply is kept until the next attempt');
    const counts = await store.countDeliveries('e1');
    assert.deepEqual([counts.planned, counts.failed, counts.sent], [1, 2, 1]);
    // The give-up age now counts from the re-queue, not from the edition's creation.
    assert.equal(await store.giveUpDeliveries('e1', later(9), 'gave up', later(11)), 0);
    assert.equal(await store.giveUpDeliveries('e1', later(10), 'gave up', later(11)), 1);
    assert.equal(await store.requeueFailed('missing', later(12)), 0);
  });
}
