/**
 * Child process for the durability test: records deliveries as fast as it can and
 * prints each one only after its commit returned, until the parent kills it with
 * SIGKILL. `batch` mode claims and records 8 at a time with the batch methods, as the
 * send loop does. Not a test file itself.
 */
import { openSqliteStore } from '../../src/store/sqlite.js';

const file = process.argv[2];
const batch = process.argv[3] === 'batch';
if (!file) throw new Error('usage: ledger-child FILE [batch]');
const store = openSqliteStore(file);
const now = new Date('2025-06-16T08:00:00Z');
await store.createEdition({ id: 'e1', scheduledAt: now, articleIds: ['a'] }, now);
const subs = await store.upsertSubscribers(
  Array.from({ length: 2_000 }, (_, i) => ({ email: `k${i}@example.com`, status: 'confirmed' as const })),
  now,
);
await store.planDeliveries('e1', subs.map((s) => ({ subscriberId: s.id, email: s.email, messageId: `<e1.${s.id}@x>` })), now);
process.stdout.write('planned\n');
const step = batch ? 8 : 1;
for (let i = 0; i < subs.length; i += step) {
  const ids = subs.slice(i, i + step).map((s) => s.id);
  const claimed = batch ? await store.markSendingMany('e1', ids, now) : (await store.markSending('e1', ids[0] ?? '', now)) ? ids : [];
  if (claimed.length !== ids.length) throw new Error('claim lost');
  process.stdout.write(claimed.map((id) => `sending ${id}\n`).join(''));
  if (batch) await store.markSentMany('e1', ids, now);
  else await store.markSent('e1', ids[0] ?? '', now);
  process.stdout.write(ids.map((id) => `sent ${id}\n`).join(''));
}
// Never reached in the test: the parent kills us long before.
process.stdout.write('done\n');
