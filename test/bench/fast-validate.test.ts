import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fastValidate } from '../../src/content/fast-validate.js';
import { frontMatterSchema } from '../../src/content/front-matter-schema.js';
import { seededPick } from '../helpers/random.js';

const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York'];

function same(data: Record<string, unknown>, tz: string): boolean {
  const fast = fastValidate(data, tz);
  if (!fast) return false;
  const zod = frontMatterSchema(tz).safeParse(data);
  assert.ok(zod.success, `fast path accepted what the schema rejects: ${JSON.stringify(data)}`);
  assert.deepEqual(fast, zod.data, JSON.stringify(data));
  return true;
}

test('the usual front matter validates fast, exactly as the schema does', () => {
  const seedLike = {
    title: 'Meta的豪赌：143亿美元押注数据洞察 ',
    date: '2025-06-16T12:30:04+08:00',
    draft: false,
    summary: 'Meta以143亿美元投资 **Scale AI**。',
    tags: ['AI竞赛', 'Meta', 'C++', 'AI/ML', ' Meta ', 'e\u0301'],
    main_topics: ['人工智能战略投资'],
    weight: 3,
    extra: { nested: true },
  };
  for (const tz of ZONES) assert.equal(same(seedLike, tz), true);
  assert.equal(same({ title: 'x', date: '2025-06-16', tags: 'one tag' }, 'Asia/Shanghai'), true);
  assert.equal(same({ title: 'x', date: '2025-06-16 10:00', description: 'd', categories: [] }, 'UTC'), true);
});

test('anything else is left to the schema', () => {
  const deferred: Array<Record<string, unknown>> = [
    { date: '2025-06-16' },
    { title: '  ', date: '2025-06-16' },
    { title: 'x' },
    { title: 'x', date: 'not a date' },
    { title: 'x', date: new Date(0) },
    { title: 42, date: '2025-06-16' },
    { title: 'x', date: '2025-06-16', draft: 'yes' },
    { title: 'x', date: '2025-06-16', summary: null },
    { title: 'x', date: '2025-06-16', tags: [1, 'a'] },
    { title: 'x', date: '2025-06-16', tags: { a: 1 } },
    { title: 'x', date: '2025-06-16', updated: '2025-06-17' },
    { title: 'x', date: '2025-06-16', author: 'Ada' },
    { title: 'x', date: '2025-06-16', slug: 'x' },
    { title: 'x', date: '2025-06-16', image: 'a.png' },
    // Own keys that would reach the prototype through `out[key] =`, as JSON.parse makes them.
    JSON.parse('{"title": "x", "date": "2025-06-16", "__proto__": {"draft": true}}') as Record<string, unknown>,
    { title: 'x', date: '2025-06-16', constructor: 'c' },
    { title: 'x', date: '2025-06-16', prototype: {} },
  ];
  for (const data of deferred) assert.equal(fastValidate(data, 'UTC'), undefined, JSON.stringify(data));
});

test('randomised front matter: whenever the fast path answers, the schema answers the same', () => {
  const pool: Record<string, unknown[]> = {
    title: ['标题', ' padded ', '', '  ', 'C++ & AI/ML', 7, 'e\u0301'],
    date: ['2025-06-16T12:30:04+08:00', '2025-06-16', '2025-06-16 10:00', '2025-06-16T10:00:00Z', '2025-13-01', 'soon', '2025-03-09T02:30:00', new Date(5)],
    draft: [true, false, 'false', 0],
    summary: ['摘要', '', ' s ', null, 3],
    description: ['d', ''],
    tags: [['a', 'A', 'a', ' b ', ''], 'single', [], ['x', 2], 'C++', ['e\u0301', '\u00e9']],
    main_topics: [['人工智能'], 'Developer Tools', [null]],
    topics: [['t'], ''],
    weight: [1, 'w'],
    slug: ['s'],
  };
  const keys = Object.keys(pool);
  const rand = seededPick(3);
  let answered = 0;
  for (let i = 0; i < 4000; i++) {
    const data: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === 'title' || key === 'date' ? rand(10) > 0 : rand(3) === 0) {
        const values = pool[key] ?? [];
        data[key] = values[rand(values.length)];
      }
    }
    if (same(data, ZONES[rand(ZONES.length)] ?? 'UTC')) answered++;
  }
  assert.ok(answered > 400, `fast path answered only ${answered} times`);
});
