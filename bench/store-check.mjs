// What the integrity check on every store open costs: builds a SQLite store of 100,000
// confirmed subscribers (and EDITIONS editions of 100,000 deliveries each) and times
// PRAGMA quick_check, which every open runs, against the full integrity_check.
//
//   node bench/store-check.mjs [EDITIONS=0] [FILE=bench/.work/store-check.db]
//
// Needs a compiled tree (npx tsc -p tsconfig.json).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../dist/src/store/sqlite.js';

const editions = Number(process.argv[2] ?? 0);
const file = process.argv[3] ?? path.join('bench', '.work', 'store-check.db');
fs.mkdirSync(path.dirname(file), { recursive: true });
for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
const store = openSqliteStore(file, { durability: 'normal' });
const t = new Date('2026-01-01T00:00:00Z');
const N = 100_000;
await store.load(async (w) => {
  const subs = [];
  for (let i = 0; i < N; i++) subs.push({ id: `s${i}`, email: `user${i}@example.org`, name: `User ${i}`, topics: ['Tech', 'AI/ML'], status: 'confirmed', source: 'cli', createdAt: t, updatedAt: t, confirmedAt: t, unsubscribedAt: null, bounces: 0 });
  await w.subscribers(subs);
  for (let e = 0; e < editions; e++) {
    const d = [];
    for (let i = 0; i < N; i++) d.push({ editionId: `e${e}`, subscriberId: `s${i}`, email: `user${i}@example.org`, state: 'sent', attempts: 1, lastError: null, messageId: `<m${e}.${i}@example.org>`, nextAttemptAt: null, createdAt: t, updatedAt: t, sentAt: t });
    await w.edition({ id: `e${e}`, scheduledAt: new Date(t.getTime() + e * 7 * 864e5), createdAt: t, articleIds: ['a', 'b'], subject: 'S', completedAt: t }, d);
  }
});
await store.close();
const db = new Database(file, { readonly: true });
const time = (pragma) => {
  const start = process.hrtime.bigint();
  const result = db.pragma(pragma, { simple: true });
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
};
console.log(`${N} subscribers, ${editions} editions of ${N} deliveries: ${(fs.statSync(file).size / 1e6).toFixed(1)} MB`);
const runs = [1, 2, 3].map(() => time('quick_check')[1]);
console.log(`quick_check: ${runs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
console.log(`integrity_check: ${time('integrity_check')[1].toFixed(0)} ms`);
db.close();
