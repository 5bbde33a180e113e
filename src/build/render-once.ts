import type { Article } from '../content/article.js';

/** Renders one article's feed HTML; the build passes `renderArticleHtml` (h7 may wrap it in a cache). */
export type RenderHtml = (article: Article) => string;

/**
 * Renders the full HTML of exactly the articles that appear in some feed, each once,
 * however many feeds (site, topics, tags) hold it. Markdown is the expensive step of
 * a build, and most published articles fall outside every feed's `feeds.limit`.
 */
export function renderOnce(feeds: ReadonlyArray<{ articles: ReadonlyArray<Article> }>, render: RenderHtml): {
  html: (article: Article) => string;
  rendered: number;
} {
  const byId = new Map<string, string>();
  for (const feed of feeds) {
    for (const a of feed.articles) if (!byId.has(a.id)) byId.set(a.id, render(a));
  }
  return {
    html: (a) => {
      const html = byId.get(a.id);
      if (html === undefined) throw new Error(`Article ${a.id} was not rendered: it is in no planned feed`);
      return html;
    },
    rendered: byId.size,
  };
}
