import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort, type Transferable } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import type { Shared, ShareJob, SharedResult } from '../content/load-content.js';
import type { ArticleConfig } from '../content/parse-article.js';
import type { RenderFile, RenderResult } from './render-files.js';
import { unpackResults, type PackedResults } from './pack-results.js';

/**
 * Below this many articles a helper thread costs more than it saves: starting one and
 * loading the parsers into it takes ~100 ms, parsing a seed-like article ~0.05 ms and
 * rendering one ~0.2 ms. A cold build starts its helper early anyway.
 */
export const PARALLEL_MIN = 300;

/** Messages to a helper thread (build-worker.ts); its reply carries the same `id`. */
export type HelperRequest = { id: number } & (
  | { kind: 'parse'; job: ShareJob & { counter: SharedArrayBuffer }; config: ArticleConfig; results: MessagePort; batch?: number }
  | { kind: 'early-parse'; load: EarlyLoad; counter: SharedArrayBuffer; results: MessagePort }
  | { kind: 'render'; items: RenderFile[]; flags: SharedArrayBuffer; config: ArticleConfig }
);

/** How the build command loads its config, so a helper can load the same one itself. */
export interface EarlyLoad {
  configFile: string | undefined;
  overrides: { content?: string | undefined; output?: string | undefined };
  cwd: string;
}

/** A helper's answer: what it finished, and why it stopped early if it did. */
export interface HelperReply<T> {
  id: number;
  done: Array<[number, T]>;
  error?: string;
  /** For early-parse: filesKey of the files it parsed (their indexes mean nothing otherwise). */
  files?: string;
  /** Parse results travel packed (pack-results.ts); `done` is then empty. */
  packed?: PackedResults;
}

/**
 * Parse results a helper posts while it works, on the job's own port (`results`),
 * so the main thread can take them in between its own files (Shared.take).
 */
export interface ResultBatch {
  packed: PackedResults;
  /** As HelperReply.files. */
  files?: string;
}

/** What a reply finished, its packed results unpacked. */
function doneOf<T>(reply: HelperReply<T>): Array<[number, T]> {
  return reply.packed ? (unpackResults(reply.packed) as unknown as Array<[number, T]>) : reply.done;
}

/** Identifies a content folder's file list: equal keys mean equal indexes. */
export function filesKey(contentDir: string, files: readonly string[]): string {
  return createHash('sha256').update(contentDir).update('\u0000').update(files.join('\u0000')).digest('hex');
}

/**
 * Helper threads for a large build, started before the content is loaded so
 * their start-up overlaps it. Each job (parsing the files, then rendering the feeds'
 * articles) is shared: every thread, this one included, claims the next item from one
 * shared counter, so a helper that starts late or runs slowly never leaves work
 * waiting, and a helper that fails only leaves its items to this thread.
 */
export class BuildHelpers {
  private readonly workers: Helper[] = [];
  private nextId = 1;
  /** The job parseEarly started, until parse() joins it. */
  private early: (ParseJob & { counter: SharedArrayBuffer }) | undefined;
  /** Items the helpers finished, over all jobs (tests check that they took part). */
  handled = 0;

  private constructor(count: number) {
    for (let i = 0; i < count; i++) {
      try {
        const worker = new Worker(new URL('./build-worker.js', import.meta.url));
        const helper: Helper = { worker, dead: false, pending: 0 };
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

  /**
   * Has the helpers load the config themselves and start parsing its content folder
   * now, before this thread has even loaded the parsers (the build command's first
   * build of a large site). parse() then joins that job instead of starting one.
   * Gives the counter the helpers claim files from (non-zero once they listed the
   * folder and started), or undefined when no job started.
   */
  parseEarly(load: EarlyLoad): SharedArrayBuffer | undefined {
    if (this.early || this.workers.length === 0) return undefined;
    const counter = new SharedArrayBuffer(4);
    this.early = { counter, ...this.askWithPorts((results) => ({ kind: 'early-parse', load, counter, results })) };
    return counter;
  }

  /**
   * Has the helpers parse files with loadContent's `share` protocol, posting what they
   * parsed in batches of `batch` (default 512) as they go.
   */
  parse(job: ShareJob, config: ArticleConfig, batch?: number): Shared {
    const early = this.early;
    this.early = undefined;
    // An early job's work counts only if it parsed the very same list of files.
    if (early) return this.shared(early.counter, early, filesKey(job.contentDir, job.files));
    const counter = new SharedArrayBuffer(4);
    return this.shared(counter, this.askWithPorts((results) => ({ kind: 'parse', job: { ...job, counter }, config, results, ...(batch ? { batch } : {}) })));
  }

  /** Sends every helper the request `make` gives for its own results port; the other ends are this thread's. */
  private askWithPorts(make: (results: MessagePort) => DistributiveOmit<HelperRequest, 'id'>): ParseJob {
    const ports: MessagePort[] = [];
    const replies = this.workers.map((helper) => {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1);
      return ask<SharedResult>(helper, { ...make(port2), id: this.nextId++ } as HelperRequest, [port2]);
    });
    return { ports, replies: Promise.all(replies) };
  }

  /**
   * A parse job as loadContent sees it: the batches that have arrived, then the rest
   * once every helper replied. With `key`, only work on that file list counts.
   */
  private shared(counter: SharedArrayBuffer, { ports, replies }: ParseJob, key?: string): Shared {
    const take = (): Array<[number, SharedResult]> => this.count(takeBatches(ports, key));
    const done = replies.then((all) => {
      const rest = [...take(), ...this.count(all.filter((r) => key === undefined || r.files === key).flatMap(doneOf))];
      for (const port of ports) port.close();
      return rest;
    });
    return { counter, take, done };
  }

  /** Has the helpers render files claimed through `flags` (see renderFiles). */
  render(items: RenderFile[], flags: SharedArrayBuffer, config: ArticleConfig): Promise<Array<[number, RenderResult]>> {
    return this.run<RenderResult>({ kind: 'render', items, flags, config });
  }

  /** Ends the helpers. */
  close(): void {
    for (const { worker } of this.workers.splice(0)) void worker.terminate();
  }

  private async run<T>(request: DistributiveOmit<HelperRequest, 'id'>): Promise<Array<[number, T]>> {
    const replies = await Promise.all(this.workers.map((helper) => ask<T>(helper, { ...request, id: this.nextId++ } as HelperRequest)));
    return this.count(replies.flatMap(doneOf));
  }

  private count<T>(done: Array<[number, T]>): Array<[number, T]> {
    this.handled += done.length;
    return done;
  }
}

/** A parse job sent to the helpers: the ports their batches arrive on, and their replies. */
interface ParseJob {
  ports: MessagePort[];
  replies: Promise<Array<HelperReply<SharedResult>>>;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Helper {
  worker: Worker;
  /** It failed or ended: it does nothing more. */
  dead: boolean;
  /** Requests not answered yet: the thread keeps the process alive while there are any. */
  pending: number;
}

/**
 * The batches waiting on `ports`, unpacked, without waiting for more (a helper posts
 * its batches before its reply, so once the reply is in, so are they). With `key`,
 * batches of another file list are dropped.
 */
function takeBatches(ports: readonly MessagePort[], key?: string): Array<[number, SharedResult]> {
  const out: Array<[number, SharedResult]> = [];
  for (const port of ports) {
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const batch = m.message as ResultBatch;
      if (key === undefined || batch.files === key) out.push(...unpackResults(batch.packed));
    }
  }
  return out;
}

function ask<T>(helper: Helper, request: HelperRequest, transfer: Transferable[] = []): Promise<HelperReply<T>> {
  const none: HelperReply<T> = { id: request.id, done: [] };
  if (helper.dead) return Promise.resolve(none);
  const { worker } = helper;
  return new Promise((resolve) => {
    const finish = (reply: HelperReply<T>): void => {
      worker.off('message', onMessage);
      worker.off('error', onGone);
      worker.off('exit', onGone);
      if (--helper.pending === 0) worker.unref();
      resolve(reply);
    };
    const onMessage = (reply: HelperReply<T>): void => {
      if (reply.id !== request.id) return;
      // The items it did finish count; the ones it claimed and did not, this thread redoes.
      if (reply.error !== undefined) helper.dead = true;
      finish(reply);
    };
    const onGone = (): void => finish(none);
    worker.on('message', onMessage);
    worker.on('error', onGone);
    worker.on('exit', onGone);
    if (helper.pending++ === 0) worker.ref();
    worker.postMessage(request, transfer);
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
    // Read entry by entry (opendir fetches a few dozen at a time) and stop at the n-th:
    // readdirSync would list a 40,000-file folder whole (~40 ms) before the helpers start.
    let handle: fs.Dir;
    try {
      handle = fs.opendirSync(abs);
    } catch {
      return false;
    }
    try {
      for (let e = handle.readSync(); e; e = handle.readSync()) {
        if (e.name.startsWith('.')) continue;
        if (e.isDirectory() ? visit(path.join(abs, e.name)) : ++count >= n) return true;
      }
    } catch {
      // An unreadable entry ends the guess; the build reports real problems itself.
    } finally {
      handle.closeSync();
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
  let named = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
  // `content:` with options below it: their `dir:`.
  if (m && named === '') {
    const dir = /^[ \t]+dir:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^#\n]*?))[ \t]*(?:#.*)?$/m.exec(configText.slice(m.index + m[0].length));
    named = dir ? (dir[1] ?? dir[2] ?? dir[3] ?? '') : '';
  }
  return path.resolve(path.dirname(configPath), named || 'content');
}
