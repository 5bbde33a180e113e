import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { decodeColumns, encodeColumns } from '../../src/cache/columns.js';

test('records survive the column encoding exactly, through v8.serialize', () => {
  const author = [{ name: '编辑部', email: 'e@example.org' }];
  const records = [
    { id: 'a', title: '标题 “一”', date: new Date('2025-06-16T04:30:04Z'), draft: false, tags: ['AI/ML', 'C++'], authors: author, fieldLines: { title: 2, date: 3 }, n: 0 },
    { id: 'b', title: 'Two', date: new Date('2025-01-01T00:00:00Z'), expiryDate: new Date('2026-01-01T00:00:00Z'), draft: true, tags: [], authors: author, image: 'https://x.example/i.png' },
    { id: 'c', title: 'Three', date: new Date(0), draft: false, tags: ['a'], authors: [{ name: 'Ada' }], summary: '' },
  ];
  const { columns, skipped } = encodeColumns(records);
  assert.equal(skipped.size, 0);
  const back = decodeColumns(v8.deserialize(v8.serialize(columns)) as typeof columns);
  assert.deepEqual(back, records);
  assert.ok(back[0]?.['date'] instanceof Date);
  assert.deepEqual(Object.keys(back[0] ?? {}), Object.keys(records[0] ?? {}), 'fields keep their order');
  assert.equal(columns.json.filter((j) => j.includes('编辑部')).length, 1, 'equal object values are stored once');
});

test('records JSON would change are left out, never cached wrong', () => {
  const records = [
    { id: 'ok', when: new Date(1) },
    { id: 'nested-date', meta: { at: new Date(2) } },
    { id: 'null', title: null },
    { id: 'nan', weight: Number.NaN },
    { id: 'kind-change', when: 'not a date' },
    { id: 'hole', list: [1, undefined, 3] },
    // Lists of objects take a fast path only when every value is plain and simple.
    { id: 'person-with-date', authors: [{ name: 'Ada', born: new Date(3) }] },
    { id: 'person-nan', authors: [{ name: 'Ada', weight: Number.NaN }] },
    { id: 'person-class', authors: [new URL('https://example.org/')] },
  ];
  const { columns, skipped } = encodeColumns(records);
  assert.deepEqual([...skipped].sort(), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(decodeColumns(columns), [{ id: 'ok', when: new Date(1) }]);
});
