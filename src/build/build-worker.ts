import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { articleFields } from '../content/from-file.js';
import { readArticle, type SharedResult } from '../content/load-content.js';
import { renderArticleHtml } from '../markdown/render.js';
import type { HelperReply, HelperRequest } from './helpers.js';
import { renderFile, type RenderResult } from './render-files.js';

// A helper thread of BuildHelpers. It is started before there is work (while the main
// thread loads the config), so it warms the Markdown renderer up on a small sample
// first; then it takes jobs until the main thread ends it. Within a job it claims the
// next item from the shared counter until none is left, and posts what it finished.

const SAMPLE = `### 标题 Heading

第一段，**粗体**和[链接](../other/)[^1]。Some *English* text with \`code\`.

- 一
- two

<blockquote>
引用[^1]
</blockquote>

[^1]: 脚注。
`;

parentPort?.on('message', (request: HelperRequest) => {
  if (request.kind === 'parse') {
    const { job, config } = request;
    work<SharedResult>(job.counter, job.files.length, (i) => {
      const rel = job.files[i] as string;
      const r = readArticle(rel, path.join(job.contentDir, rel), config, { keepBody: false });
      // Plain fields only: the body stays here (the main thread re-reads the few it needs).
      return { ...(r.article ? { fields: articleFields(r.article) } : {}), problems: r.problems, slugLine: r.slugLine };
    });
  } else {
    const { items, counter, config } = request;
    work<RenderResult>(counter, items.length, (i) => renderFile(items[i] as (typeof items)[number], config));
  }
});

function work<T>(counter: SharedArrayBuffer, count: number, one: (i: number) => T): void {
  const next = new Int32Array(counter);
  const done: Array<[number, T]> = [];
  let error: string | undefined;
  try {
    for (let i = Atomics.add(next, 0, 1); i < count; i = Atomics.add(next, 0, 1)) done.push([i, one(i)]);
  } catch (err) {
    // The main thread redoes whatever is missing, and reports any real problem itself.
    error = String(err);
  }
  const reply: HelperReply<T> = error === undefined ? { done } : { done, error };
  parentPort?.postMessage(reply);
}

// Compiled code, not the interpreter, should meet the first real article.
for (let i = 0; i < 30; i++) renderArticleHtml({ body: SAMPLE, url: 'https://warm.example/a/', slug: `warm-${i}` });
