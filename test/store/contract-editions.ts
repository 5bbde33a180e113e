/** The store contract, editions and deliveries: creation, planning, due work, final states, bounces, completion. Not a test file itself. */
import assert from 'node:assert/strict';
import { at, NOW, later, editionWith, type Register } from './contract-shared.js';

export function editionContract(contract: Register): void {
  contract('an edition is created once per scheduled time', async ({ store }) => {
    const first = await store.createEdition({ id: 'e1', scheduledAt: NOW, articleIds: ['a', 'b', 'a'] }, NOW);
    assert.equal(first.created, true);
    assert.deepEqual(first.edition.articleIds, ['a', 'b'], 'each article once');
    assert.equal(first.edition.subject, null);
    const second = await store.createEdition({ id: 'e1-other', scheduledAt: NOW, articleIds: ['c'] }, later(60));
    assert.equal(second.created, false);
    assert.equal(second.edition.id, 'e1');
    assert.deepEqual(second.edition.articleIds, ['a', 'b'], 'the first edition wins, unchanged');
    assert.equal((await store.getEditionAt(NOW))?.id, 'e1');
    await assert.rejects(() => store.createEdition({ id: 'e1', scheduledAt: later(3600), articleIds: [] }, NOW), /already exists/);
    await store.createEdition({ id: 'e2', scheduledAt: later(86400), articleIds: [] }, NOW);
    assert.deepEqual((await store.listEditions()).map((e) => e.id), ['e2', 'e1'], 'newest first');
    assert.deepEqual((await store.listEditions(1)).map((e) => e.id), ['e2']);
  });

  contract('planDeliveries inserts or ignores, and a reused Message-ID is an error', async ({ store }) => {
    const ids = await editionWith(store, 3);
    const again = await store.planDeliveries('e1', ids.map((id) => ({ subscriberId: id, email: 'changed@example.com', messageId: `<other.${id}@x>` })), later(5));
    assert.equal(again, 0, 'nothing new');
    const rows = await store.listDeliveries('e1');
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.email.startsWith('s') && r.state === 'planned' && r.attempts === 0), 'first plan kept');
    assert.equal(rows[0]?.messageId, `<e1.${ids[0]}@example.com>`);
    await assert.rejects(() => store.planDeliveries('e1', [{ subscriberId: 'new', email: 'n@example.com', messageId: rows[0]!.messageId }], NOW));
    // Each database words the broken foreign key its own way; both name it.
    await assert.rejects(
      () => store.planDeliveries('missing', [{ subscriberId: 'x', email: 'x@example.com', messageId: '<x@x>' }], NOW),
      /FOREIGN KEY constraint failed|violates foreign key constraint/,
    );
    assert.equal(await store.planDeliveries('e1', [{ subscriberId: 'new', email: 'n@example.com', messageId: '<new@x>' }], NOW), 1);
  });

  contract('dueDeliveries pages through planned work and honours retry times', async ({ store }) => {
    const ids = await editionWith(store, 5);
    const page = await store.dueDeliveries('e1', NOW, 2);
    assert.deepEqual(page.map((d) => d.subscriberId), ids.slice(0, 2), 'oldest first, limited');

    assert.equal(await store.markSending('e1', ids[0]!, NOW), true);
    await store.markRetry('e1', ids[0]!, '451 try later', later(60), NOW);
    assert.equal(await store.markSending('e1', ids[1]!, NOW), true);

    const due = await store.dueDeliveries('e1', NOW, 10);
    assert.deepEqual(due.map((d) => d.subscriberId), ids.slice(2), 'the retried one waits, the claimed one is taken');
    const retried = (await store.listDeliveries('e1', { states: ['planned'] })).find((d) => d.subscriberId === ids[0]);
    assert.equal(retried?.lastError, '451 try later');
    assert.equal(retried?.nextAttemptAt?.getTime(), later(60).getTime());
    assert.equal(retried?.attempts, 1);

    const atRetry = await store.dueDeliveries('e1', later(60), 10);
    assert.deepEqual(atRetry.map((d) => d.subscriberId), [...ids.slice(2), ids[0]], 'never-tried first, then by retry time');
  });

  contract('sent and failed are final; marking them again throws', async ({ store }) => {
    const [a, b] = await editionWith(store, 2);
    await store.markSending('e1', a!, NOW);
    await store.markSent('e1', a!, later(1));
    const [d] = await store.listDeliveries('e1', { states: ['sent'] });
    assert.equal(d?.sentAt?.getTime(), later(1).getTime());
    await assert.rejects(() => store.markRetry('e1', a!, 'x', later(9), later(2)), /already sent/);
    await assert.rejects(() => store.markFailed('e1', a!, 'x', later(2), null), /already sent/);
    assert.equal(await store.markSending('e1', a!, later(2)), false);
    await store.markSending('e1', b!, NOW);
    await store.markFailed('e1', b!, '550 no such user', later(1), null);
    await assert.rejects(() => store.markSent('e1', b!, later(2)), /already failed/);
    await assert.rejects(() => store.markSent('e1', 'nobody', later(2)), /No delivery/);
    assert.deepEqual(await store.countDeliveries('e1'), { planned: 0, sending: 0, sent: 1, failed: 1 });
  });

  contract('hard bounces count in the same transaction and suppress the address at the limit', async ({ store }) => {
    const [id] = await editionWith(store, 1, 'e1');
    for (const [i, e] of ['e2', 'e3'].entries()) {
      await store.createEdition({ id: e, scheduledAt: later((i + 1) * 86400), articleIds: [] }, NOW);
      await store.planDeliveries(e, [{ subscriberId: id!, email: 's0@example.com', messageId: `<${e}@x>` }], NOW);
    }
    for (const [n, e] of ['e1', 'e2', 'e3'].entries()) {
      await store.markSending(e, id!, NOW);
      await store.markFailed(e, id!, '550 mailbox unavailable', NOW, { maxBounces: 3 });
      const s = await store.getSubscriber(id!);
      assert.equal(s?.bounces, n + 1);
      assert.equal(s?.status, n + 1 >= 3 ? 'bounced' : 'confirmed');
    }
    const [f] = await store.listDeliveries('e3');
    assert.equal(f?.state, 'failed');
    assert.equal(f?.lastError, '550 mailbox unavailable');

    // A failure without a bounce (e.g. attempts exhausted) does not count.
    const other = await store.upsertSubscriber({ email: 'other@example.com', status: 'confirmed' }, NOW);
    await store.planDeliveries('e3', [{ subscriberId: other.id, email: other.email, messageId: '<e3.other@x>' }], NOW);
    await store.markFailed('e3', other.id, 'gave up after 5 attempts', NOW, null);
    assert.equal((await store.getSubscriber(other.id))?.bounces, 0);
  });

  contract('an unsubscribed address stays unsubscribed when it bounces', async ({ store }) => {
    const [id] = await editionWith(store, 1);
    await store.setSubscriberStatus(id!, 'unsubscribed', NOW);
    await store.markFailed('e1', id!, '550', NOW, { maxBounces: 1 });
    const s = await store.getSubscriber(id!);
    assert.equal(s?.status, 'unsubscribed');
    assert.equal(s?.bounces, 1);
  });

  contract('completeEditionIfDone completes only when nothing is planned or sending', async ({ store }) => {
    const [a, b] = await editionWith(store, 2);
    assert.deepEqual((await store.unfinishedEditions()).map((e) => e.id), ['e1']);
    assert.equal(await store.completeEditionIfDone('e1', NOW), false);
    await store.markSending('e1', a!, NOW);
    await store.markSent('e1', a!, NOW);
    await store.markSending('e1', b!, NOW);
    assert.equal(await store.completeEditionIfDone('e1', NOW), false, 'one still sending');
    await store.markFailed('e1', b!, '550', NOW, null);
    assert.equal(await store.completeEditionIfDone('e1', later(10)), true);
    assert.equal((await store.getEdition('e1'))?.completedAt?.getTime(), later(10).getTime());
    assert.equal(await store.completeEditionIfDone('e1', later(20)), true);
    assert.equal((await store.getEdition('e1'))?.completedAt?.getTime(), later(10).getTime(), 'first completion time kept');
    assert.deepEqual(await store.unfinishedEditions(), []);
    assert.equal(await store.completeEditionIfDone('nope', NOW), false);

    // Planning new deliveries reopens it.
    await store.planDeliveries('e1', [{ subscriberId: 'late', email: 'late@example.com', messageId: '<late@x>' }], NOW);
    assert.equal((await store.getEdition('e1'))?.completedAt, null);
    assert.deepEqual((await store.unfinishedEditions()).map((e) => e.id), ['e1']);
  });

  contract('an edition created but never planned (crash in between) is unfinished', async ({ store }) => {
    await store.createEdition({ id: 'late', scheduledAt: later(86400), articleIds: [] }, NOW);
    await store.createEdition({ id: 'early', scheduledAt: NOW, articleIds: [] }, NOW);
    assert.deepEqual((await store.unfinishedEditions()).map((e) => e.id), ['early', 'late'], 'oldest first');
    assert.equal(await store.completeEditionIfDone('early', NOW), true, 'no deliveries at all: complete');
    assert.deepEqual((await store.unfinishedEditions()).map((e) => e.id), ['late']);
  });

  contract('heldArticleIds: every article held by editions before a time', async ({ store }) => {
    assert.deepEqual(await store.heldArticleIds(), new Set());
    await store.createEdition({ id: 'e1', scheduledAt: NOW, articleIds: ['a', 'b'] }, NOW);
    await store.createEdition({ id: 'e2', scheduledAt: later(100), articleIds: ['b', 'c'] }, NOW);
    await store.createEdition({ id: 'e3', scheduledAt: later(200), articleIds: ['https://ex.com/文章/'] }, NOW);
    assert.deepEqual(await store.heldArticleIds(), new Set(['a', 'b', 'c', 'https://ex.com/文章/']));
    assert.deepEqual(await store.heldArticleIds(later(100)), new Set(['a', 'b']), 'strictly before');
    assert.deepEqual(await store.heldArticleIds(NOW), new Set());
  });

  contract('a delivery keeps the address it was planned with', async ({ store }) => {
    const [id] = await editionWith(store, 1);
    await store.removeSubscriber(id!);
    const [d] = await store.listDeliveries('e1');
    assert.equal(d?.email, 's0@example.com', 'removing the subscriber keeps the ledger');
  });
}
