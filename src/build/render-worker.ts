import { parentPort } from 'node:worker_threads';
import { renderArticleHtml } from '../markdown/render.js';
import type { RenderJob } from './render-parallel.js';

// A helper thread of renderParallel. It may be started before there is work (while the
// main thread still loads content), so it warms up on a small sample first, then takes
// the next unclaimed article from the shared counter until none is left and posts what
// it rendered.

const SAMPLE = `### 标题 Heading

第一段，**粗体**和[链接](../other/)[^1]。Some *English* text with \`code\`.

- 一
- two

<blockquote>
引用[^1]
</blockquote>

[^1]: 脚注。
`;

parentPort?.once('message', (job: RenderJob) => {
  const next = new Int32Array(job.counter);
  const done: Array<[number, string]> = [];
  try {
    for (let i = Atomics.add(next, 0, 1); i < job.items.length; i = Atomics.add(next, 0, 1)) {
      const item = job.items[i];
      if (item) done.push([i, renderArticleHtml(item)]);
    }
    parentPort?.postMessage({ done });
  } catch (err) {
    // The main thread renders whatever is missing; say why for the record.
    parentPort?.postMessage({ done, error: String(err) });
  }
});

// Compiled code, not the interpreter, should meet the first real article.
for (let i = 0; i < 30; i++) renderArticleHtml({ body: SAMPLE, url: 'https://warm.example/a/', slug: `warm-${i}` });
