import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { articleFields } from '../content/from-file.js';
import { findMarkdownFiles, readArticle, type SharedResult } from '../content/load-content.js';
import type { ArticleConfig } from '../content/parse-article.js';
import { renderArticleHtml } from '../markdown/render.js';
import { filesKey, type EarlyLoad, type HelperReply, type HelperRequest } from './helpers.js';
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
    work<SharedResult>(request.id, job.counter, job.files.length, (i) => parseOne(job.contentDir, job.files[i] as string, config));
  } else if (request.kind === 'early-parse') {
    void parseEarly(request.id, request.load, request.counter);
  } else {
    const { items, counter, config } = request;
    work<RenderResult>(request.id, counter, items.length, (i) => renderFile(items[i] as (typeof items)[number], config));
  }
});

function parseOne(contentDir: string, rel: string, config: ArticleConfig): SharedResult {
  const r = readArticle(rel, path.join(contentDir, rel), config, { keepBody: false });
  // Plain fields only: the body stays here (the main thread re-reads the few it needs).
  return { ...(r.article ? { fields: articleFields(r.article) } : {}), problems: r.problems, slugLine: r.slugLine };
}

/**
 * Loads the config as the build command does and parses its content folder, claiming
 * files from `counter`: the main thread joins in once it has loaded its own parsers.
 * The reply names the file list (filesKey), so work on another list is never used.
 */
async function parseEarly(id: number, load: EarlyLoad, counter: SharedArrayBuffer): Promise<void> {
  let config;
  let files: string[];
  try {
    const { loadConfig } = await import('../config/load.js');
    config = loadConfig(load.configFile, load.overrides, load.cwd);
    files = findMarkdownFiles(config.contentDir);
  } catch {
    // The main thread reports a bad config; there is nothing to parse.
    const reply: HelperReply<SharedResult> = { id, done: [] };
    parentPort?.postMessage(reply);
    return;
  }
  const contentDir = config.contentDir;
  const articleConfig = { site: config.site, topics: config.topics };
  work<SharedResult>(id, counter, files.length, (i) => parseOne(contentDir, files[i] as string, articleConfig), filesKey(contentDir, files));
}

function work<T>(id: number, counter: SharedArrayBuffer, count: number, one: (i: number) => T, files?: string): void {
  const next = new Int32Array(counter);
  const done: Array<[number, T]> = [];
  let error: string | undefined;
  try {
    for (let i = Atomics.add(next, 0, 1); i < count; i = Atomics.add(next, 0, 1)) done.push([i, one(i)]);
  } catch (err) {
    // The main thread redoes whatever is missing, and reports any real problem itself.
    error = String(err);
  }
  const reply: HelperReply<T> = { id, done, ...(error === undefined ? {} : { error }), ...(files === undefined ? {} : { files }) };
  parentPort?.postMessage(reply);
}

// Compiled code, not the interpreter, should meet the first real article.
for (let i = 0; i < 30; i++) renderArticleHtml({ body: SAMPLE, url: 'https://warm.example/a/', slug: `warm-${i}` });
