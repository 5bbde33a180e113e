import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPendingReplies, groupPendingByReply } from '../../src/schedule/pending-report.js';

test('pending deliveries group by reply across editions, largest first, with the earliest next attempt', () => {
  const t = (m: number): Date => new Date(Date.UTC(2026, 11, 4, 9, m));
  const replies = groupPendingByReply([
    { editionId: 'e1', lastError: '451 try later', planned: 3, sending: 0, nextAttemptAt: t(30) },
    { editionId: 'e1', lastError: null, planned: 1, sending: 0, nextAttemptAt: null },
    { editionId: 'e2', lastError: '451 try later', planned: 2, sending: 1, nextAttemptAt: t(10) },
    { editionId: 'e2', lastError: '421 a@example.org closing', planned: 0, sending: 1, nextAttemptAt: null },
  ]);
  assert.deepEqual(replies, [
    { reply: '451 try later', deliveries: 6, sending: 1, editions: ['e1', 'e2'], nextAttemptAt: t(10).toISOString() },
    { reply: null, deliveries: 1, sending: 0, editions: ['e1'], nextAttemptAt: null },
    { reply: '421 a@example.org closing', deliveries: 1, sending: 1, editions: ['e2'], nextAttemptAt: null },
  ]);
  const lines = formatPendingReplies(replies, (iso) => `<${iso}>`, (s) => s.replace(/a@example\.org/, 'a***@example.org'));
  assert.deepEqual(lines, [
    `  6 × 451 try later — next attempt <${t(10).toISOString()}>, 1 being sent (editions e1, e2)`,
    '  1 × not tried yet — due now (edition e1)',
    '  1 × 421 a***@example.org closing — due now, 1 being sent (edition e2)',
  ]);
});
