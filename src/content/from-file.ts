import { createHash } from 'node:crypto';
import { BroadsheetError } from '../errors.js';
import { readFileScratch } from './read-file.js';
import type { Article } from './article.js';
import { defineLazy, lazyValue } from './lazy.js';
import { parseArticle, type ArticleConfig } from './parse-article.js';

/**
 * An article's fields without its body, and with its summary only when it was
 * computed: what a cache file keeps and what a helper thread sends back. The
 * body, and a summary not yet computed, come back from the article's file on demand.
 */
export type ArticleFields = Omit<Article, 'body' | 'summary'> & { summary?: string };

/**
 * The fields of `article` as plain data, without reading its lazy body or summary (a
 * spread would compute them).
 */
export function articleFields(article: Article): ArticleFields {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(article)) {
    if (key === 'body' || key === 'summary') continue;
    out[key] = (article as unknown as Record<string, unknown>)[key];
  }
  const summary = lazyValue(article, 'summary');
  if (summary.done) out['summary'] = summary.value;
  return out as ArticleFields;
}

/**
 * Reads `abs` again and checks it is still the file that was parsed (sha256 `hash`);
 * throws ContentChanged otherwise, so a build never mixes two versions of a file.
 */
export function rereadArticleFile(abs: string, rel: string, hash: string): string {
  const bytes = readFileScratch(abs);
  if (createHash('sha256').update(bytes).digest('hex') !== hash) {
    throw new BroadsheetError({ code: 'ContentChanged', message: 'The file changed while the build was running', file: rel, hint: 'Run the build again.' });
  }
  return bytes.toString('utf8');
}

/**
 * Parses the file of `fields` again, checked against its hash: the whole article with
 * its body, exactly as the first parse gave it.
 */
function reparseArticle(fields: Pick<Article, 'hash'>, rel: string, abs: string, config: ArticleConfig): Article {
  const text = rereadArticleFile(abs, rel, fields.hash);
  const parsed = parseArticle(text, rel, config, { hash: fields.hash }).article;
  if (!parsed) throw new BroadsheetError({ code: 'ContentChanged', message: 'The file changed while the build was running', file: rel, hint: 'Run the build again.' });
  return parsed;
}

/**
 * The article of `fields` (taken over: it becomes the article, so pass a copy of
 * anything still in use), its body and any uncomputed summary read back from the file
 * on first use.
 */
export function articleFromFields(fields: ArticleFields, rel: string, abs: string, config: ArticleConfig): Article {
  let fresh: Article | undefined;
  const reparse = (): Article => (fresh ??= reparseArticle(fields, rel, abs, config));
  const summary = fields.summary;
  // Usually there is no summary: no copy then (tens of thousands of articles).
  const article = (Object.hasOwn(fields, 'summary') ? (({ summary: _, ...rest }) => rest)(fields) : fields) as Article;
  defineLazy(article, 'body', () => reparse().body);
  if (summary === undefined) defineLazy(article, 'summary', () => reparse().summary);
  else article.summary = summary;
  return article;
}
