import path from 'node:path';
import type { Article } from '../content/article.js';
import { reparseArticle } from '../content/from-file.js';
import type { ArticleConfig } from '../content/parse-article.js';
import { renderArticleHtml } from '../markdown/render.js';
import { PARALLEL_MIN, type BuildHelpers } from './helpers.js';

/** An article to render, named by its file and the hash it was parsed with. */
export interface RenderFile {
  rel: string;
  abs: string;
  hash: string;
}

/** What a feed needs of an article's body: its HTML and its summary. */
export interface RenderResult {
  html: string;
  summary: string;
}

/**
 * Re-reads one article's file (checked against its hash), parses it and renders its
 * feed HTML and summary: the same on every thread, so it does not matter which one
 * renders an article.
 */
export function renderFile(item: RenderFile, config: ArticleConfig): RenderResult {
  const article = reparseArticle(item, item.rel, item.abs, config);
  return { html: renderArticleHtml(article), summary: article.summary };
}

/**
 * The HTML and summary of each article (the build's costliest step) on all threads:
 * this one and `helpers`, each claiming the next article from a shared counter and
 * reading its body from its file (helpers share no memory with this thread). Whatever
 * a helper leaves undone is rendered here. Small jobs render on this thread only.
 */
export async function renderFiles(articles: ReadonlyArray<Pick<Article, 'sourcePath' | 'hash'>>, contentDir: string, config: ArticleConfig, helpers?: BuildHelpers): Promise<RenderResult[]> {
  const items = articles.map((a) => ({ rel: a.sourcePath, abs: path.join(contentDir, a.sourcePath), hash: a.hash }));
  const out = new Array<RenderResult | undefined>(items.length);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const others = helpers && items.length >= PARALLEL_MIN ? helpers.render(items, counter, config) : undefined;
  for (let i = Atomics.add(next, 0, 1); i < items.length; i = Atomics.add(next, 0, 1)) out[i] = renderFile(items[i] as RenderFile, config);
  for (const [i, r] of others ? await others : []) out[i] = r;
  return out.map((r, i) => r ?? renderFile(items[i] as RenderFile, config));
}
