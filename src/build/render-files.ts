import path from 'node:path';
import type { Article } from '../content/article.js';
import { rereadArticleFile } from '../content/from-file.js';
import { splitFrontMatter } from '../content/front-matter.js';
import { excerptsWholeBody, summarize } from '../content/summary.js';
import type { ArticleConfig } from '../content/parse-article.js';
import { footnoteLabels, renderArticle } from '../markdown/render.js';
import { PARALLEL_MIN, type BuildHelpers } from './helpers.js';

/** An article to render: its file, the hash it was parsed with, and where it lives. */
export interface RenderFile {
  rel: string;
  abs: string;
  hash: string;
  url: string;
  slug: string;
}

/** What a feed needs of an article's body: its HTML and its summary. */
export interface RenderResult {
  html: string;
  summary: string;
}

/**
 * Re-reads one article's file (checked against its hash, so it is the file that was
 * validated) and renders its feed HTML and summary exactly as the parsed article
 * would: the same on every thread, so it does not matter which one renders it. The
 * front matter is only split, not validated again.
 */
export function renderFile(item: RenderFile, config: ArticleConfig): RenderResult {
  const fm = splitFrontMatter(rereadArticleFile(item.abs, item.rel, item.hash), item.rel);
  // As parseArticle: `summary`, else `description` (both validated as text).
  const explicit = text(fm.data['summary']) ?? text(fm.data['description']);
  // One lex gives both the HTML and, for an excerpt, the body's plain text.
  const { html, text: bodyText } = renderArticle({ body: fm.body, url: item.url, slug: item.slug }, { text: excerptsWholeBody(fm.body, explicit), labels: footnoteLabels(config) });
  return { html, summary: summarize(fm.body, explicit, config.site.language, bodyText) };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The identity of a render: the same file bytes at the same place give the same result. */
export function renderKey(item: Pick<RenderFile, 'rel' | 'hash' | 'url' | 'slug'>): string {
  return `${item.rel}\u0000${item.hash}\u0000${item.url}\u0000${item.slug}`;
}

/**
 * Claims item `i` for the calling thread: true for exactly one thread per item. Items
 * are claimed one by one through flags, not a counter, so a helper can first take the
 * items it rendered ahead of time (build-worker.ts) in any order.
 */
export function claim(flags: Int32Array, i: number): boolean {
  return Atomics.compareExchange(flags, i, 0, 1) === 0;
}

/**
 * The HTML and summary of each article (the build's costliest step) on all threads:
 * this one and `helpers`, each claiming articles through shared flags and reading the
 * body from the file (helpers share no memory with this thread). Whatever a helper
 * leaves undone is rendered here. Small jobs render on this thread only. `meanwhile`
 * is other work for this thread, done once the helpers have their job and before it
 * renders its own share: the helpers take a larger share instead of waiting.
 */
export async function renderFiles(articles: ReadonlyArray<Pick<Article, 'sourcePath' | 'hash' | 'url' | 'slug'>>, contentDir: string, config: ArticleConfig, helpers?: BuildHelpers, meanwhile?: () => void): Promise<RenderResult[]> {
  const items = articles.map((a) => ({ rel: a.sourcePath, abs: path.join(contentDir, a.sourcePath), hash: a.hash, url: a.url, slug: a.slug }));
  const out = new Array<RenderResult | undefined>(items.length);
  const shared = new SharedArrayBuffer(4 * items.length);
  const flags = new Int32Array(shared);
  const others = helpers && items.length >= PARALLEL_MIN ? helpers.render(items, shared, config) : undefined;
  meanwhile?.();
  for (let i = 0; i < items.length; i++) if (claim(flags, i)) out[i] = renderFile(items[i] as RenderFile, config);
  for (const [i, r] of others ? await others : []) out[i] = r;
  return out.map((r, i) => r ?? renderFile(items[i] as RenderFile, config));
}
