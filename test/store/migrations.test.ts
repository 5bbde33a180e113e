import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, schemaVersion, type Migration } from '../../src/store/migrations.js';
import { tempDir } from './temp-store.js';

const steps: Migration[] = [
  { version: 1, description: 'a', sql: 'CREATE TABLE a (x INTEGER);' },
  { version: 2, description: 'b', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO a VALUES (1);' },
];

test('migrate applies the missing steps in order, once', (t) => {
  const db = new Database(path.join(tempDir(t), 'm.db'));
  t.after(() => db.close());
  assert.deepEqual(migrate(db, 'm.db', steps.slice(0, 1)), [1]);
  assert.deepEqual(migrate(db, 'm.db', steps), [2]);
  assert.deepEqual(migrate(db, 'm.db', steps), []);
  assert.equal(schemaVersion(db), 2);
  assert.equal(db.prepare('SELECT count(*) FROM a').pluck().get(), 1, 'step 2 ran exactly once');
});

test('a failing step rolls back whole and leaves the version where it was', (t) => {
  const db = new Database(path.join(tempDir(t), 'm.db'));
  t.after(() => db.close());
  const broken: Migration[] = [steps[0]!, { version: 2, description: 'broken', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' }];
  assert.throws(() => migrate(db, 'm.db', broken), /no such table: nowhere/);
  assert.equal(schemaVersion(db), 1);
  assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'").pluck().get(), 0, 'table b rolled back');
  assert.deepEqual(migrate(db, 'm.db', steps), [2], 'the fixed step applies on the next open');
});
