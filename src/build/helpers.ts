import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ShareJob, SharedResult } from '../content/load-content.js';
import type { ArticleConfig } from '../content/parse-article.js';
import type { RenderFile, RenderResult } from './render-files.js';

/**
 * Below this many articles a helper thread costs more than it saves: starting one and
 * loading the parsers into it takes ~100 ms, parsing a seed-like article ~0.05 ms and
 * rendering one ~0.2 ms. A cold build starts its helper early anyway.
 */
export const PARALLEL_MIN = 300;

/** Messages to a helper thread (build-worker.ts). */
export type HelperRequest =
  | { kind: 'parse'; job: ShareJob; config: ArticleConfig }
  | { kind: 'render'; items: RenderFile[]; counter: SharedArrayBuffer; config: ArticleConfig };

/** A helper's answer: what it finished, and why it stopped early if it did. */
export interface HelperReply<T> {
  done: Array<[number, T]>;
  error?: string;
}

/**
 * Helper threads for a large build (issue 7), started before the content is loaded so
 * their start-up overlaps it. Each job (parsing the files, then rendering the feeds'
 * articles) is shared: every thread, this one included, claims the next item from one
 * shared counter, so a helper that starts late or runs slowly never leaves work
 * waiting, and a helper that fails only leaves its items to this thread.
 */
export class BuildHelpers {
  private readonly workers: Helper[] = [];
  /** Items the helpers finished, over all jobs (tests check that they took part). */
  handled = 0;

  private constructor(count: number) {
    for (let i = 0; i < count; i++) {
      try {
        const worker = new Worker(new URL('./build-worker.js', import.meta.url));
        const helper: Helper = { worker, dead: false };
        // A helper that cannot start (say, run from TypeScript sources, where there is no
        // build-worker.js) only means this thread does all the work.
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

  /** Starts `threads - 1` helpers (at most 3): this thread is one of the threads. */
  static start(threads = os.availableParallelism()): BuildHelpers {
    return new BuildHelpers(Math.max(0, Math.min(threads - 1, 3)));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Has the helpers parse files with loadContent's `share` protocol. */
  parse(job: ShareJob, config: ArticleConfig): Promise<Array<[number, SharedResult]>> {
    return this.run<SharedResult>({ kind: 'parse', job, config });
  }

  /** Has the helpers render files claimed through `counter` (see renderFiles). */
  render(items: RenderFile[], counter: SharedArrayBuffer, config: ArticleConfig): Promise<Array<[number, RenderResult]>> {
    return this.run<RenderResult>({ kind: 'render', items, counter, config });
  }

  /** Ends the helpers. */
  close(): void {
    for (const { worker } of this.workers.splice(0)) void worker.terminate();
  }

  private async run<T>(request: HelperRequest): Promise<Array<[number, T]>> {
    const replies = await Promise.all(this.workers.map((helper) => ask<T>(helper, request)));
    const done = replies.flat();
    this.handled += done.length;
    return done;
  }
}

interface Helper {
  worker: Worker;
  /** It failed or ended: it does nothing more. */
  dead: boolean;
}

function ask<T>(helper: Helper, request: HelperRequest): Promise<Array<[number, T]>> {
  if (helper.dead) return Promise.resolve([]);
  const { worker } = helper;
  return new Promise((resolve) => {
    const finish = (done: Array<[number, T]>): void => {
      worker.off('message', onMessage);
      worker.off('error', onGone);
      worker.off('exit', onGone);
      worker.unref();
      resolve(done);
    };
    const onMessage = (reply: HelperReply<T>): void => {
      // The items it did finish count; the ones it claimed and did not, this thread redoes.
      if (reply.error !== undefined) helper.dead = true;
      finish(reply.done);
    };
    const onGone = (): void => finish([]);
    worker.on('message', onMessage);
    worker.once('error', onGone);
    worker.once('exit', onGone);
    worker.ref();
    worker.postMessage(request);
  });
}

/**
 * A cheap guess, made before the config is parsed, whether `dir` holds at least `n`
 * files (dot entries skipped, sub-folders counted): the build command then starts its
 * helpers while it loads the parsers, instead of after. A wrong guess costs only an
 * idle thread or a later start.
 */
export function holdsAtLeast(dir: string, n: number): boolean {
  let count = 0;
  const visit = (abs: string): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory() ? visit(path.join(abs, e.name)) : ++count >= n) return true;
    }
    return false;
  };
  return visit(dir);
}

/**
 * The content folder a config file names, read with a regular expression instead of
 * the YAML parser (see holdsAtLeast: only a guess); `content` next to it by default.
 */
export function guessContentDir(configPath: string, configText: string): string {
  const m = /^content:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^#\n]*?))[ \t]*(?:#.*)?$/m.exec(configText);
  const named = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
  return path.resolve(path.dirname(configPath), named || 'content');
}
