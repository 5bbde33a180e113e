import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packResults, unpackResults } from '../../src/build/pack-results.js';
import type { SharedResult } from '../../src/content/load-content.js';
import type { ArticleFields } from '../../src/content/from-file.js';

function fields(i: number, extra: Record<string, unknown> = {}): ArticleFields {
  return {
    id: `https://example.org/posts/p-${i}/`,
    slug: `p-${i}`,
    sourcePath: `posts/p-${i}.md`,
    url: `https://example.org/posts/p-${i}/`,
    title: `文章 ${i}`,
    date: new Date(Date.UTC(2025, 0, 1 + i, 8)),
    draft: i % 5 === 0,
    tags: i % 2 ? ['AI竞赛', 'C++'] : ['Node.js'],
    topics: ['芯片与算力'],
    authors: [],
    bodyLine: 7,
    fieldLines: { title: 2, date: 3, tags: 4 + (i % 3) },
    hash: `${i}`.padStart(64, '0'),
    ...extra,
  } as unknown as ArticleFields;
}

test('packed parse results unpack to exactly the results, in order', () => {
  const done: Array<[number, SharedResult]> = [
    [7, { fields: fields(7), problems: [], slugLine: 1 }],
    [2, { problems: [{ code: 'FrontMatterInvalid', message: 'bad date', file: 'posts/b.md', line: 3 }], slugLine: 1 }],
    [0, { fields: fields(0, { summary: '摘要', updated: new Date(Date.UTC(2025, 5, 1)) }), problems: [], slugLine: 4 }],
    // A value columns cannot keep exactly (a Date inside a list) travels as it is.
    [9, { fields: fields(9, { extra: [new Date(0)] }), problems: [], slugLine: 2 }],
    [3, { fields: fields(3), problems: [{ code: 'TagSlugClash', message: 'x', file: 'posts/p-3.md' }], slugLine: 1 }],
    // Pages travel as what they are: no fields, no problem, the reason they are left out.
    [4, { problems: [], slugLine: 1, notArticle: { file: 'about.md', reason: 'no-date' } }],
    [5, { problems: [], slugLine: 1, notArticle: { file: 'x/index.md', reason: 'not-listed', setting: 'headless: true' } }],
  ];
  const packed = packResults(done);
  assert.equal(packed.loose.length, 1, 'the unencodable fields went loose');
  assert.equal(packed.columns.count, 3);
  // Through a real structured clone, as between threads.
  const back = unpackResults(structuredClone(packed));
  // Each result with encoded fields also says where they are (for the build cache).
  assert.deepEqual(back.map(([i, { encoded: _, ...r }]) => [i, r]), done);
  assert.deepEqual(back.map(([, r]) => r.encoded?.row ?? null), [0, null, 1, null, 2, null, null]);
  assert.ok(back[0]?.[1].fields?.date instanceof Date);
  assert.deepEqual(unpackResults(packResults([])), []);
});
