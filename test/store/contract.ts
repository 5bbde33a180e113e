/**
 * The store contract: what any Store must do, whichever database is behind it. Each
 * backend's `*-contract.test.ts` registers these tests with its own locations, so the
 * SQLite and PostgreSQL stores answer the very same assertions. Tests about one backend's
 * files, schema or connections stay in that backend's own test files. Not a test file
 * itself.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/types.js';

export interface OpenOptions {
  readonly?: boolean;
}

export interface Backend {
  /** A fresh empty store location for this test, or undefined to skip (the backend's helper already printed why). */
  location(t: TestContext): Promise<string | undefined>;
  /** Opens a store at a location (may be called several times for one location: two "processes" racing). Closed by the contract after the test. */
  open(location: string, options?: OpenOptions): Promise<Store>;
}

interface Case {
  /** The store the test starts with, on a fresh location. */
  store: Store;
  /** Another store on the same location, as a second process would open it. */
  open(options?: OpenOptions): Promise<Store>;
}

type Register = (title: string, body: (c: Case) => Promise<void>) => void;

const at = (iso: string): Date => new Date(iso);
const NOW = at('2025-06-16T08:00:00Z');
const later = (s: number): Date => new Date(NOW.getTime() + s * 1000);
const T0 = NOW;
const T1 = at('2025-06-17T08:00:00Z');

/** Registers every contract test as `[name] title`, each on a fresh location of `backend`. */
export function storeContract(name: string, backend: Backend): void {
  const register: Register = (title, body) => {
    test(`[${name}] ${title}`, async (t) => {
      const location = await backend.location(t);
      if (location === undefined) return;
      const open = async (options?: OpenOptions): Promise<Store> => {
        const store = await backend.open(location, options);
        t.after(() => store.close());
        return store;
      };
      await body({ store: await open(), open });
    });
  };
  subscriberContract(register);
  editionContract(register);
  claimContract(register);
}

/** An edition `id` with `n` confirmed subscribers planned, in order; gives their ids. */
async function editionWith(store: Store, n: number, id = 'e1', scheduledAt = NOW): Promise<string[]> {
  await store.createEdition({ id, scheduledAt, articleIds: ['a1', 'a2'], subject: 'Weekly' }, NOW);
  const subs = await store.upsertSubscribers(
    Array.from({ length: n }, (_, i) => ({ email: `s${i}@example.com`, status: 'confirmed' as const })),
    NOW,
  );
  await store.planDeliveries(id, subs.map((s) => ({ subscriberId: s.id, email: s.email, messageId: `<${id}.${s.id}@example.com>` })), NOW);
  return subs.map((s) => s.id);
}

function subscriberContract(contract: Register): void {
  contract('addresses are unique case-insensitively, including non-ASCII letters', async ({ store }) => {
    const a = await store.upsertSubscriber({ email: 'A@x.com', name: 'Ann' }, T0);
    const b = await store.upsertSubscriber({ email: 'a@X.COM', name: 'Anne' }, T1);
    assert.equal(b.id, a.id);
    assert.equal(b.email, 'A@x.com', 'the address as first given is kept');
    assert.equal(b.name, 'Anne');
    assert.equal(b.updatedAt.getTime(), T1.getTime());
    assert.equal(b.createdAt.getTime(), T0.getTime());

    const e1 = await store.upsertSubscriber({ email: 'ÉLODIE@exemple.fr' }, T0);
    const e2 = await store.upsertSubscriber({ email: 'élodie@exemple.fr' }, T0);
    assert.equal(e2.id, e1.id, 'SQLite NOCASE would have let both in');
    assert.equal((await store.listSubscribers()).length, 2);
    assert.equal((await store.findSubscriberByEmail('  Élodie@EXEMPLE.fr '))?.id, e1.id);
  });

  contract('subscriber ids are random, url-safe and stable', async ({ store }) => {
    const subs = await store.upsertSubscribers(Array.from({ length: 50 }, (_, i) => ({ email: `u${i}@example.com` })), T0);
    const ids = new Set(subs.map((s) => s.id));
    assert.equal(ids.size, 50);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal((await store.getSubscriber(subs[7]!.id))?.email, 'u7@example.com');
  });

  contract('upsert keeps a person’s own choice and never downgrades consent', async ({ store }) => {
    const c = await store.upsertSubscriber({ email: 'c@example.com', status: 'confirmed', topics: ['AI'] }, T0);
    assert.equal(c.confirmedAt?.getTime(), T0.getTime());
    const c2 = await store.upsertSubscriber({ email: 'c@example.com', status: 'pending' }, T1);
    assert.equal(c2.status, 'confirmed');
    assert.deepEqual(c2.topics, ['AI'], 'topics not given: unchanged');

    const u = await store.upsertSubscriber({ email: 'u@example.com', status: 'confirmed' }, T0);
    await store.setSubscriberStatus(u.id, 'unsubscribed', T1);
    const u2 = await store.upsertSubscriber({ email: 'u@example.com', status: 'confirmed', name: 'New name' }, T1);
    assert.equal(u2.status, 'unsubscribed');
    assert.equal(u2.unsubscribedAt?.getTime(), T1.getTime());
    assert.equal(u2.name, 'New name', 'details still update');

    const p = await store.upsertSubscriber({ email: 'p@example.com' }, T0);
    assert.equal(p.status, 'pending');
    assert.equal(p.source, 'cli');
    const p2 = await store.upsertSubscriber({ email: 'p@example.com', status: 'confirmed', source: 'import' }, T1);
    assert.equal(p2.status, 'confirmed');
    assert.equal(p2.source, 'cli', 'source records where they first came from');
  });

  contract('setSubscriberStatus stamps transitions; leaving bounced resets the count', async ({ store }) => {
    const s = await store.upsertSubscriber({ email: 's@example.com', status: 'pending' }, T0);
    const c = await store.setSubscriberStatus(s.id, 'confirmed', T1);
    assert.equal(c?.confirmedAt?.getTime(), T1.getTime());
    const u = await store.setSubscriberStatus(s.id, 'unsubscribed', at('2025-06-18T00:00:00Z'));
    assert.equal(u?.unsubscribedAt?.toISOString(), '2025-06-18T00:00:00.000Z');
    const back = await store.setSubscriberStatus(s.id, 'confirmed', at('2025-06-19T00:00:00Z'));
    assert.equal(back?.unsubscribedAt, null);
    assert.equal(back?.confirmedAt?.toISOString(), '2025-06-19T00:00:00.000Z');
    assert.equal(await store.setSubscriberStatus('no-such-id', 'confirmed', T1), undefined);

    const t2 = await store.setSubscriberTopics(s.id, ['人工智能', 'C++'], T1);
    assert.deepEqual(t2?.topics, ['人工智能', 'C++']);
    assert.deepEqual((await store.getSubscriber(s.id))?.topics, ['人工智能', 'C++']);
  });

  contract('listing, counting and removing subscribers', async ({ store }) => {
    await store.upsertSubscribers(
      [
        { email: 'a@example.com', status: 'confirmed' },
        { email: 'b@example.com', status: 'confirmed' },
        { email: 'c@example.com' },
        { email: 'd@example.com', status: 'unsubscribed' },
      ],
      T0,
    );
    assert.deepEqual(await store.countSubscribersByStatus(), { pending: 1, confirmed: 2, unsubscribed: 1, bounced: 0 });
    assert.deepEqual((await store.listSubscribers({ status: 'confirmed' })).map((s) => s.email), ['a@example.com', 'b@example.com']);
    const b = await store.findSubscriberByEmail('b@example.com');
    assert.equal(await store.removeSubscriber(b!.id), true);
    assert.equal(await store.removeSubscriber(b!.id), false);
    assert.equal((await store.listSubscribers()).length, 3);
  });

  contract('upsertSubscribers is all or nothing', async ({ store }) => {
    await assert.rejects(() =>
      store.upsertSubscribers([{ email: 'ok@example.com' }, { email: 'bad@example.com', status: 'nonsense' as never }], T0),
    );
    assert.equal((await store.listSubscribers()).length, 0, 'the first row was rolled back');
  });
}

function editionContract(contract: Register): void {
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

/** Claims and batch results: what keeps two senders from sending one message twice. */
function claimContract(contract: Register): void {
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
