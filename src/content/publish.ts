import type { Article, PublishOptions } from './article.js';

/**
 * Whether an article is published at `now`: drafts only with `drafts`; an article whose
 * `date` or `publishDate` is after now only with `future`; one whose `expiryDate` is at
 * or before now never.
 */
export function isPublished(article: Article, now: Date, opts: PublishOptions = {}): boolean {
  const t = now.getTime();
  if (article.draft && !opts.drafts) return false;
  if (article.expiryDate && article.expiryDate.getTime() <= t) return false;
  if (!opts.future) {
    if (article.date.getTime() > t) return false;
    if (article.publishDate && article.publishDate.getTime() > t) return false;
  }
  return true;
}

/** Newest first; equal dates by URL, so the order never depends on the file system. */
export function newestFirst(a: Article, b: Article): number {
  return b.date.getTime() - a.date.getTime() || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}
