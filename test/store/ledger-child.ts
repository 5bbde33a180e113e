/**
 * Child process for the durability test: records deliveries as fast as it can and
 * prints each one only after its commit returned, until the parent kills it with
 * SIGKILL. Not a test file itself.
 */
import { openSqliteStore } from '../../src/store/sqlite.js';

const file = process.argv[2];
if (!file) throw new Error('usage: ledger-child FILE');
const store = openSqliteStore(file);
const now = new Date('2025-06-16T08:00:00Z');
await store.createEdition({ id: 'e1', scheduledAt: now, articleIds: ['a'] }, now);
const subs = await store.upsertSubscribers(
  Array.from({ length: 2_000 }, (_, i) => ({ email: `k${i}@example.com`, status: 'confirmed' as const })),
  now,
);
await store.planDeliveries('e1', subs.map((s) => ({ subscriberId: s.id, email: s.email, messageId: `<e1.${s.id}@x>` })), now);
process.stdout.write('planned\n');
for (const s of subs) {
  if (!(await store.markSending('e1', s.id, now))) throw new Error('claim lost');
  process.stdout.write(`sending ${s.id}\n`);
  await store.markSent('e1', s.id, now);
  process.stdout.write(`sent ${s.id}\n`);
}
// Never reached in the test: the parent kills us long before.
process.stdout.write('done\n');
