/** The store contract, subscribers: addresses, ids, status merges, lists and counts. Not a test file itself. */
import assert from 'node:assert/strict';
import { at, T0, T1, type Register } from './contract-shared.js';

export function subscriberContract(contract: Register): void {
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

  contract('one batch that names an address twice inserts it, then updates it; each result is that step', async ({ store }) => {
    const [first, second, third] = await store.upsertSubscribers(
      [
        { email: 'dee@example.com', topics: ['AI/ML'] },
        { email: 'DEE@example.com', name: 'Dee', status: 'confirmed' },
        { email: 'dee@example.com', status: 'pending', topics: [] },
      ],
      T0,
    );
    assert.equal(first?.status, 'pending');
    assert.deepEqual(first?.topics, ['AI/ML']);
    assert.equal(first?.name, null);
    assert.equal(second?.id, first?.id, 'one subscriber');
    assert.deepEqual([second?.name, second?.status, second?.topics, second?.confirmedAt?.getTime()], ['Dee', 'confirmed', ['AI/ML'], T0.getTime()]);
    assert.deepEqual([third?.status, third?.topics, third?.email], ['confirmed', [], 'dee@example.com'], 'consent kept; topics emptied; the address as first given');
    const stored = await store.findSubscriberByEmail('Dee@Example.com');
    assert.deepEqual([stored?.name, stored?.status, stored?.topics], ['Dee', 'confirmed', []]);
    assert.equal((await store.listSubscribers()).length, 1);
    const many = await store.findSubscribersByEmail(['DEE@EXAMPLE.COM', 'nobody@example.com', ' dee@example.com ']);
    assert.deepEqual(many.map((m) => m?.id), [first?.id, undefined, first?.id], 'a lookup of many, in the order given');
  });

  contract('a large import (thousands of addresses, some known) is one all-or-nothing batch', async ({ store }) => {
    const known = await store.upsertSubscribers(Array.from({ length: 100 }, (_, i) => ({ email: `u${i * 45}@example.com`, name: 'old' })), T0);
    const inputs = Array.from({ length: 4500 }, (_, i) => ({ email: `U${i}@Example.com`, name: `用户 ${i}`, topics: i % 2 ? ['人工智能'] : [], status: 'confirmed' as const }));
    const result = await store.upsertSubscribers(inputs, T1);
    assert.equal(result.length, 4500);
    assert.deepEqual(result.map((s) => s.name), inputs.map((i) => i.name), 'in the order given');
    const byKey = new Map(known.map((s) => [s.email, s.id]));
    assert.equal(result[45]?.id, byKey.get('u45@example.com'), 'a known address keeps its row');
    assert.equal(result[45]?.email, 'u45@example.com', 'and its address as first given');
    assert.equal(result[45]?.createdAt.getTime(), T0.getTime());
    assert.equal(result[46]?.createdAt.getTime(), T1.getTime());
    assert.deepEqual(result[3]?.topics, ['人工智能']);
    assert.deepEqual(await store.countSubscribersByStatus(), { pending: 0, confirmed: 4500, unsubscribed: 0, bounced: 0 });
    // One bad row at the end: nothing of the batch is written.
    await assert.rejects(store.upsertSubscribers([{ email: 'late@example.com' }, { email: 'x@example.com', status: 'nonsense' as 'pending' }], T1));
    assert.equal(await store.findSubscriberByEmail('late@example.com'), undefined);
  });

  contract('subscriberPages reads the list in listSubscribers\' order, a page at a time, ties on time included', async ({ store }) => {
    // Two batches, each sharing one created time: the order then rests on the address key.
    await store.upsertSubscribers(['m', 'b', 'z', 'a', 'k', 'É'].map((n, i) => ({ email: `${n}@example.com`, status: i % 3 === 0 ? ('pending' as const) : ('confirmed' as const) })), T0);
    await store.upsertSubscribers(['y', 'c', 'é2', 'd'].map((n) => ({ email: `${n}@example.com`, status: 'confirmed' as const })), T1);
    const collect = async (filter: { status?: 'confirmed' } | undefined, size: number): Promise<string[][]> => {
      const pages: string[][] = [];
      for await (const page of store.subscriberPages(filter, size)) pages.push(page.map((s) => s.email));
      return pages;
    };
    const all = (await store.listSubscribers()).map((s) => s.email);
    const byThree = await collect(undefined, 3);
    assert.deepEqual(byThree.flat(), all);
    assert.deepEqual(byThree.map((p) => p.length), [3, 3, 3, 1]);
    const confirmed = (await store.listSubscribers({ status: 'confirmed' })).map((s) => s.email);
    assert.equal(confirmed.length, 8);
    assert.deepEqual((await collect({ status: 'confirmed' }, 3)).flat(), confirmed);
    assert.deepEqual(await collect({ status: 'confirmed' }, 100), [confirmed]);
    assert.deepEqual((await collect(undefined, 5)).map((p) => p.length), [5, 5], 'an exact multiple ends without an empty page');
  });
}
