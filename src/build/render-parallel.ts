import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Article } from '../content/article.js';
import { renderArticleHtml } from '../markdown/render.js';

/** What renderArticleHtml reads of an article. */
export type RenderItem = Pick<Article, 'body' | 'url' | 'slug'>;

/** Sent to each helper thread. */
export interface RenderJob {
  items: RenderItem[];
  /** One Int32: the index of the next unclaimed item, shared by all threads. */
  counter: SharedArrayBuffer;
}

/**
 * Below this many articles a helper thread costs more than it saves: starting one and
 * loading marked and sanitize-html into it takes ~80 ms, rendering one article ~0.5 ms.
 */
export const PARALLEL_MIN = 300;

/**
 * Renders every article's feed HTML (the build's costliest step) on all cores: the
 * main thread and up to `availableParallelism() - 1` helper threads claim articles from
 * one shared counter, so a slow start of a helper never leaves work waiting. The result
 * is exactly renderArticleHtml's (a pure function); if a helper fails, the main thread
 * renders what it left. Small jobs, or one core, render on the main thread only.
 */
export async function renderParallel(articles: ReadonlyArray<RenderItem>, threads = os.availableParallelism()): Promise<string[]> {
  const items = articles.map((a) => ({ body: a.body, url: a.url, slug: a.slug }));
  const out = new Array<string | undefined>(items.length);
  const helpers = items.length >= PARALLEL_MIN ? Math.max(0, Math.min(threads - 1, 3)) : 0;
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const job: RenderJob = { items, counter };
  const results = Array.from({ length: helpers }, () => runHelper(job));
  for (let i = Atomics.add(next, 0, 1); i < items.length; i = Atomics.add(next, 0, 1)) {
    const item = items[i];
    if (item) out[i] = renderArticleHtml(item);
  }
  for (const done of await Promise.all(results)) {
    for (const [i, html] of done) out[i] = html;
  }
  return out.map((html, i) => html ?? renderArticleHtml(items[i] as RenderItem));
}

function runHelper(job: RenderJob): Promise<Array<[number, string]>> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./render-worker.js', import.meta.url), { workerData: job });
    } catch {
      resolve([]);
      return;
    }
    let settled = false;
    const finish = (done: Array<[number, string]>): void => {
      if (settled) return;
      settled = true;
      resolve(done);
      void worker.terminate();
    };
    worker.once('message', (msg: { done: Array<[number, string]> }) => finish(msg.done));
    // A helper that fails leaves its items unrendered; the caller renders them.
    worker.once('error', () => finish([]));
    worker.once('exit', () => finish([]));
  });
}
