import { parentPort, workerData } from 'node:worker_threads';
import { renderArticleHtml } from '../markdown/render.js';
import type { RenderJob } from './render-parallel.js';

// A helper thread of renderParallel: takes the next unclaimed article from the shared
// counter until none is left, then posts what it rendered.
const job = workerData as RenderJob;
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
