import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PARALLEL_MIN, renderParallel } from '../../src/build/render-parallel.js';
import { renderArticleHtml } from '../../src/markdown/render.js';

function articles(n: number): Array<{ body: string; url: string; slug: string }> {
  return Array.from({ length: n }, (_, i) => ({
    slug: `post-${i}`,
    url: `https://example.org/posts/post-${i}/`,
    body: `### 小标题 ${i}\n\n第${i}段，**粗体**和[链接](../other-${i}/)[^1]。\n\n<blockquote>\n引用[^1]\n</blockquote>\n\n- a\n- b\n\n[^1]: 脚注 ${i}。\n`,
  }));
}

test('rendering on helper threads gives exactly the main thread’s HTML, in order', async () => {
  const list = articles(PARALLEL_MIN + 50);
  const parallel = await renderParallel(list, 3);
  assert.equal(parallel.length, list.length);
  list.forEach((a, i) => assert.equal(parallel[i], renderArticleHtml(a), a.slug));
  assert.match(parallel[7] ?? '', /href="https:\/\/example\.org\/posts\/other-7\/"/);
});

test('small jobs and a single core render on the main thread with the same result', async () => {
  const list = articles(20);
  assert.deepEqual(await renderParallel(list), list.map((a) => renderArticleHtml(a)));
  const more = articles(PARALLEL_MIN);
  assert.deepEqual(await renderParallel(more, 1), more.map((a) => renderArticleHtml(a)));
});
