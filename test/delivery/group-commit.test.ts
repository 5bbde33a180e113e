import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GroupCommit } from '../../src/delivery/group-commit.js';
import { sendEdition } from '../../src/delivery/send-edition.js';
import type { Store } from '../../src/store/types.js';
import { startFaultServer } from './fault-smtp.js';
import { countBy, options, smtp, wanted } from './loop.js';
import { delivery, fixture } from './stand-in.js';

test('results that arrive together are committed in one batch; a failed batch falls back to one at a time', async () => {
  const batches: string[][] = [];
  const singles: string[] = [];
  const commits = new GroupCommit(
    async (ids) => {
      batches.push(ids);
      if (ids.includes('bad')) throw new Error('bad is already failed');
    },
    async (id) => {
      singles.push(id);
      if (id === 'bad') throw new Error('bad is already failed');
    },
  );
  await Promise.all(['a', 'b', 'c'].map((id) => commits.record(id)));
  assert.deepEqual(batches, [['a', 'b', 'c']], 'one commit for the three');

  const settled = await Promise.allSettled(['d', 'bad', 'e'].map((id) => commits.record(id)));
  assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled'], 'only the bad record fails');
  assert.deepEqual(singles, ['d', 'bad', 'e']);

  // Committed but not synced (a disk error): one at a time would only find them sent.
  const unsynced = new GroupCommit(
    async () => {
      throw Object.assign(new Error('results committed but not synced to disk: EIO'), { committed: true });
    },
    async () => assert.fail('no retry one by one'),
  );
  const both = await Promise.allSettled(['f', 'g'].map((id) => unsynced.record(id)));
  assert.deepEqual(both.map((s) => s.status), ['rejected', 'rejected']);
});

test('while results wait for a slow group commit, no more than delivery.concurrency deliveries are ever left `sending`', async () => {
  const fx = await fixture(30);
  const server = await startFaultServer();
  const transport = smtp(server, 3);
  let maxSending = 0;
  let biggest = 0;
  // The store as the loop sees it, with a slow durable commit of results (a slow disk):
  // a kill -9 at any moment leaves what is `sending` at that moment, so check every claim.
  const store: Store = {
    ...fx.store,
    async markSendingMany(editionId, ids, now) {
      const claimed = await fx.store.markSendingMany(editionId, ids, now);
      maxSending = Math.max(maxSending, (await fx.store.countDeliveries(editionId)).sending);
      return claimed;
    },
    async markSentMany(editionId, ids, now) {
      biggest = Math.max(biggest, ids.length);
      await new Promise((resolve) => setTimeout(resolve, 40));
      await fx.store.markSentMany(editionId, ids, now);
    },
  };
  try {
    const result = await sendEdition({ ...options(fx, transport, { delivery: delivery({ concurrency: 3 }) }), store });
    assert.equal(result.complete, true);
    const per = countBy(server.accepted, (m) => m.to);
    assert.equal(per.size, wanted(30).length);
    assert.ok([...per.values()].every((n) => n === 1), 'each once');
    assert.ok(maxSending <= 3, `${maxSending} deliveries were sending at once`);
    assert.ok(biggest >= 2, 'results were committed in batches');
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});
