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
 * loading marked into it takes tens of ms (it was ~80 ms while sanitize-html was loaded
 * eagerly), rendering one seed-like article ~0.2 ms (0.5 ms before raw-HTML-only
 * sanitising). Not re-tuned since; a cold build starts its helper early anyway.
 */
export const PARALLEL_MIN = 300;

/**
 * Helper threads started ahead of need: a cold build starts them before it loads its
 * content, so thread start-up and warm-up overlap the loading instead of delaying the
 * rendering. Each helper takes one job; close() ends any that got none.
 */
export class RenderHelpers {
  private readonly workers: Helper[] = [];

  private constructor(count: number) {
    for (let i = 0; i < count; i++) {
      try {
        const worker = new Worker(new URL('./render-worker.js', import.meta.url));
        const helper: Helper = { worker, dead: false };
        // A helper that cannot start (say, run from TypeScript sources, where there is no
        // render-worker.js) only means the main thread renders alone.
        worker.on('error', () => (helper.dead = true));
        worker.on('exit', () => (helper.dead = true));
        // An idle helper must not keep the process alive.
        worker.unref();
        this.workers.push(helper);
      } catch {
        break;
      }
    }
  }

  /** Starts `threads - 1` helpers (at most 3): the main thread is one of the threads. */
  static start(threads = os.availableParallelism()): RenderHelpers {
    return new RenderHelpers(Math.max(0, Math.min(threads - 1, 3)));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Gives every helper the job; resolves with what each rendered (nothing for a failed one). */
  run(job: RenderJob): Array<Promise<Array<[number, string]>>> {
    const workers = this.workers.splice(0);
    return workers.map((worker) => runHelper(worker, job));
  }

  /** Ends the helpers that got no job. */
  close(): void {
    for (const { worker } of this.workers.splice(0)) void worker.terminate();
  }
}

interface Helper {
  worker: Worker;
  /** It failed or ended: it will render nothing. */
  dead: boolean;
}

/**
 * Renders every article's feed HTML (the build's costliest step) on all cores: the
 * main thread and the helper threads claim articles from one shared counter, so a
 * slow start of a helper never leaves work waiting. The result is exactly
 * renderArticleHtml's (a pure function); if a helper fails, the main thread renders
 * what it left. Small jobs, or one core, render on the main thread only. `helpers`
 * started earlier are used (and used up); otherwise they are started here.
 */
export async function renderParallel(articles: ReadonlyArray<RenderItem>, threads = os.availableParallelism(), helpers?: RenderHelpers): Promise<string[]> {
  const items = articles.map((a) => ({ body: a.body, url: a.url, slug: a.slug }));
  const out = new Array<string | undefined>(items.length);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const job: RenderJob = { items, counter };
  let results: Array<Promise<Array<[number, string]>>> = [];
  if (items.length >= PARALLEL_MIN) {
    const pool = helpers ?? RenderHelpers.start(threads);
    results = pool.run(job);
  }
  helpers?.close();
  for (let i = Atomics.add(next, 0, 1); i < items.length; i = Atomics.add(next, 0, 1)) {
    const item = items[i];
    if (item) out[i] = renderArticleHtml(item);
  }
  for (const done of await Promise.all(results)) {
    for (const [i, html] of done) out[i] = html;
  }
  return out.map((html, i) => html ?? renderArticleHtml(items[i] as RenderItem));
}

function runHelper({ worker, dead }: Helper, job: RenderJob): Promise<Array<[number, string]>> {
  if (dead) return Promise.resolve([]);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (done: Array<[number, string]>): void => {
      if (settled) return;
      settled = true;
      resolve(done);
      void worker.terminate();
    };
    worker.ref();
    worker.once('message', (msg: { done: Array<[number, string]> }) => finish(msg.done));
    // A helper that fails leaves its items unrendered; the caller renders them.
    worker.once('error', () => finish([]));
    worker.once('exit', () => finish([]));
    worker.postMessage(job);
  });
}
