import { Marked, type Token } from 'marked';
import type { Article } from '../content/article.js';
import { shortHash } from '../content/slug.js';
import { footnoteExtension, FootnoteContext, withFootnotes } from './footnotes.js';
import { HeadingIds } from './heading-ids.js';
import { inlineText } from './plain-text.js';
import { sanitizeArticleHtml } from './sanitize.js';

let headingIds = new HeadingIds();

const marked = new Marked({ gfm: true }, footnoteExtension(), {
  renderer: {
    heading({ tokens, depth }) {
      const id = headingIds.next(inlineText(tokens));
      return `<h${depth} id="${escapeAttr(id)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
});

/**
 * An article's body as safe HTML for feeds and email: GitHub-flavoured Markdown, raw
 * HTML kept (then sanitised), heading ids, footnotes (references inside raw HTML too),
 * every relative URL made absolute against the article's URL.
 */
export function renderArticleHtml(article: Pick<Article, 'body' | 'url' | 'slug'>, _config?: unknown): string {
  const ctx = new FootnoteContext(footnoteKey(article.slug));
  headingIds = new HeadingIds();
  const html = withFootnotes(ctx, () => {
    const tokens = marked.lexer(article.body);
    const body = marked.parser(tokens);
    return body + ctx.section((t: Token[]) => marked.parser(t));
  });
  return sanitizeArticleHtml(html, article.url);
}

/** The per-article part of footnote ids: the slug when it is plain ASCII, else a short hash. */
export function footnoteKey(slug: string): string {
  return /^[A-Za-z0-9_-]{1,40}$/.test(slug) ? slug : shortHash(slug);
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
