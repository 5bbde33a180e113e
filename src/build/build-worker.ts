import { parentPort, type MessagePort } from 'node:worker_threads';
import { articleFields } from '../content/from-file.js';
import { contentFiles, contentPath, readArticle, type SharedResult } from '../content/load-content.js';
import type { ArticleConfig } from '../content/parse-article.js';
import { renderArticleHtml } from '../markdown/render.js';
import { filesKey, type EarlyLoad, type HelperReply, type HelperRequest, type ResultBatch } from './helpers.js';
import { claim, renderFile, renderKey, type RenderFile, type RenderResult } from './render-files.js';
import { packResults, type PackedResults } from './pack-results.js';

// A helper thread of BuildHelpers. It is started before there is work (while the main
// thread loads the config) and takes jobs until the main thread ends it: parsing first,
// then rendering, with the Markdown renderer warmed up on a small sample before its
// first render. Within a job it claims the next item from the shared counter until
// none is left, and posts what it finished.

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
    const inContent = contentPath(job.contentDir);
    work<SharedResult>(request.id, job.counter, job.files.length, (i) => parseOne(inContent, job.files[i] as string, config, job.maxBytes), { pack: packResults, port: request.results, batch: request.batch });
    renderAhead(config);
  } else if (request.kind === 'early-parse') {
    void parseEarly(request.id, request.load, request.counter, request.results);
  } else {
    renderClaimed(request.id, request.items, new Int32Array(request.flags), request.config);
  }
});

/** What this thread parsed, to render ahead: the file, where the article lives, its date. */
const parsed: Array<RenderFile & { time: number }> = [];
/** Renders done ahead, by renderKey. */
const ahead = new Map<string, RenderResult>();
/** Set when a render job arrives: rendering ahead stops. */
let rendering = false;

/** Parses one file; `inContent` gives its path (contentPath of the job's content folder). */
function parseOne(inContent: (rel: string) => string, rel: string, config: ArticleConfig, maxBytes: number): SharedResult {
  const abs = inContent(rel);
  const r = readArticle(rel, abs, config, { keepBody: false, maxBytes });
  if (r.article) parsed.push({ rel, abs, hash: r.article.hash, url: r.article.url, slug: r.article.slug, time: r.article.date.getTime() });
  // Plain fields only: the body stays here (the main thread re-reads the few it needs).
  return { ...(r.article ? { fields: articleFields(r.article) } : {}), problems: r.problems, slugLine: r.slugLine, ...(r.notArticle ? { notArticle: r.notArticle } : {}) };
}

/** At most this many articles are rendered ahead (the feeds of a 40,000-article site show ~2,000). */
const AHEAD_MAX = 2000;

/**
 * While the main thread takes in what this thread parsed and plans the feeds, this
 * thread would sit idle: it renders its newest articles meanwhile, the likeliest to be
 * in some feed, a few at a time so that the render job is answered at once when it
 * comes. A render nobody asks for is dropped; a file changed since is never used
 * (renderKey holds its hash, and renderFile checks the file against it).
 */
function renderAhead(config: ArticleConfig): void {
  const queue = [...parsed].sort((a, b) => b.time - a.time).slice(0, AHEAD_MAX);
  let next = 0;
  const step = (): void => {
    if (rendering) return;
    warmUp();
    for (const end = Math.min(next + 4, queue.length); next < end; next++) {
      const item = queue[next] as RenderFile;
      try {
        ahead.set(renderKey(item), renderFile(item, config));
      } catch {
        // The render job will meet the same problem and report it properly.
      }
    }
    if (next < queue.length) setImmediate(step);
  };
  setImmediate(step);
}

/** A render job: first the items rendered ahead, then any unclaimed item, in order. */
function renderClaimed(id: number, items: RenderFile[], flags: Int32Array, config: ArticleConfig): void {
  rendering = true;
  warmUp();
  const done: Array<[number, RenderResult]> = [];
  for (const [i, item] of items.entries()) {
    const ready = ahead.get(renderKey(item));
    if (ready && claim(flags, i)) done.push([i, ready]);
  }
  ahead.clear();
  let error: string | undefined;
  try {
    for (const [i, item] of items.entries()) if (claim(flags, i)) done.push([i, renderFile(item, config)]);
  } catch (err) {
    // The main thread redoes whatever is missing, and reports any real problem itself.
    error = String(err);
  }
  const reply: HelperReply<RenderResult> = { id, done, ...(error === undefined ? {} : { error }) };
  parentPort?.postMessage(reply);
}

/**
 * Loads the config as the build command does and parses its content folder, claiming
 * files from `counter`: the main thread joins in once it has loaded its own parsers.
 * The reply names the file list (filesKey), so work on another list is never used.
 */
async function parseEarly(id: number, load: EarlyLoad, counter: SharedArrayBuffer, port: MessagePort): Promise<void> {
  let config;
  let files: string[];
  try {
    const { loadConfig } = await import('../config/load.js');
    config = loadConfig(load.configFile, load.overrides, load.cwd);
    files = contentFiles(config);
  } catch {
    // The main thread reports a bad config; there is nothing to parse.
    const reply: HelperReply<SharedResult> = { id, done: [] };
    parentPort?.postMessage(reply);
    return;
  }
  const contentDir = config.contentDir;
  const articleConfig = { site: config.site, topics: config.topics, messages: config.messages, content: config.content };
  const inContent = contentPath(contentDir);
  work<SharedResult>(id, counter, files.length, (i) => parseOne(inContent, files[i] as string, articleConfig, config.limits.max_file_size), { files: filesKey(contentDir, files), pack: packResults, port });
  renderAhead(articleConfig);
}

/** Parse results go to the main thread in batches of this many, as they are done (a request can ask for another size). */
const BATCH = 512;

/**
 * Claims items from `counter` until none is left and posts what it finished;
 * `files` names the file list of an early parse, and `pack` packs the results for the
 * trip to the main thread (pack-results.ts). With `port`, packed results go there in
 * batches while the work goes on (the main thread takes them in between its own
 * items), and the reply holds only the last ones.
 */
function work<T>(id: number, counter: SharedArrayBuffer, count: number, one: (i: number) => T, options: { files?: string; pack?: (done: Array<[number, T]>) => PackedResults; port?: MessagePort; batch?: number | undefined } = {}): void {
  const { files, pack, port, batch = BATCH } = options;
  const next = new Int32Array(counter);
  const done: Array<[number, T]> = [];
  let error: string | undefined;
  try {
    for (let i = Atomics.add(next, 0, 1); i < count; i = Atomics.add(next, 0, 1)) {
      done.push([i, one(i)]);
      if (port && pack && done.length >= batch) {
        const message: ResultBatch = { packed: pack(done.splice(0)), ...(files === undefined ? {} : { files }) };
        port.postMessage(message);
      }
    }
  } catch (err) {
    // The main thread redoes whatever is missing, and reports any real problem itself.
    error = String(err);
  }
  const packed = pack?.(done);
  const reply: HelperReply<T> = { id, done: packed ? [] : done, ...(packed ? { packed } : {}), ...(error === undefined ? {} : { error }), ...(files === undefined ? {} : { files }) };
  parentPort?.postMessage(reply);
}

let warm = false;

/**
 * Compiled code, not the interpreter, should meet the first real article. Done before
 * the first render rather than at start-up, where it would hold up parsing (~45 ms).
 */
function warmUp(): void {
  if (warm) return;
  warm = true;
  for (let i = 0; i < 30; i++) renderArticleHtml({ body: SAMPLE, url: 'https://warm.example/a/', slug: `warm-${i}` });
}
