import { Marked, type MarkedExtension, type Token } from 'marked';
import type { Article } from '../content/article.js';
import { shortHash } from '../content/slug.js';
import { rawMessages, type MessageSettings } from '../i18n/messages.js';
import { cjkEmphasis, type EmphasisRules } from './cjk-emphasis.js';
import { footnoteExtension, FootnoteContext, withFootnotes, type FootnoteLabels } from './footnotes.js';
import { HeadingIds } from './heading-ids.js';
import { fastInlineText } from './inline-text.js';
import { inlineText, plainTextOf } from './plain-text.js';
import { MARKER_CHARS, markRaw, trustedInRaw } from './raw-html.js';
import { escAttr, NeedsFullSanitize, safeMarked, setBase } from './safe-render.js';
import { sanitizeArticleHtml, withoutXmlForbidden } from './sanitize.js';

let headingIds = new HeadingIds();

const headings: MarkedExtension = {
  renderer: {
    heading({ tokens, depth }) {
      const id = headingIds.next(inlineText(tokens));
      return `<h${depth} id="${escAttr(id)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
  },
};

interface Renderers {
  /** The full path: marked as is, then sanitize-html over the whole document. */
  full: Marked;
  /**
   * The usual path: a renderer whose output needs sanitising only where raw HTML was, and
   * a faster inline-text tokenizer (inline-text.ts; the full path keeps marked's own, so
   * tests comparing the two paths check it too).
   */
  fast: ReturnType<typeof safeMarked>;
}

const renderers = new Map<EmphasisRules, Renderers>();

/** The two paths for one set of emphasis rules, made once. */
function renderersFor(rules: EmphasisRules): Renderers {
  let r = renderers.get(rules);
  if (!r) {
    const emphasis = rules === 'cjk-friendly' ? [cjkEmphasis] : [];
    r = {
      full: new Marked({ gfm: true }, footnoteExtension(), ...emphasis, headings),
      fast: safeMarked({ gfm: true }, footnoteExtension({ mark: markRaw, trusted: trustedInRaw }), ...emphasis, headings, fastInlineText),
    };
    renderers.set(rules, r);
  }
  return r;
}

/**
 * How to render: `text` also gives the body's plain text; `emphasis` picks the rules
 * (CJK-friendly unless a comparison asks otherwise); `labels` are the footnotes' words
 * (English unless the site's language says otherwise).
 */
export interface RenderOptions {
  text?: boolean;
  emphasis?: EmphasisRules;
  labels?: FootnoteLabels;
}

/**
 * Markdown the fast path cannot take byte-identically: character references (which the
 * sanitiser used to decode and re-encode) and the raw-HTML marker characters.
 */
const NEEDS_FULL = /&(?:#|\w+;)/;

/**
 * An article's body as safe HTML for feeds and email: GitHub-flavoured Markdown, raw
 * HTML kept (then sanitised), heading ids, footnotes (references inside raw HTML too),
 * every relative URL made absolute against the article's URL.
 *
 * Two paths give the same bytes: usually only the raw HTML is sanitised (safe-render.ts,
 * raw-html.ts), which is several times faster than re-parsing everything; Markdown with
 * character references or marker characters is rendered by marked and sanitised whole.
 */
export function renderArticleHtml(article: Pick<Article, 'body' | 'url' | 'slug'>, config?: LanguageSettings): string {
  return renderArticle(article, config ? { labels: footnoteLabels(config) } : {}).html;
}

/** What the words in an article's HTML depend on: the site's language and the config's overrides. */
export type LanguageSettings = { site: { language: string } } & Pick<MessageSettings, 'messages'>;

// One lookup per config, not per article: a build renders thousands with the same one.
const labelsMemo = new WeakMap<LanguageSettings, FootnoteLabels>();

/** The footnote section's words for a site (English when no site is given). */
export function footnoteLabels(config: LanguageSettings | undefined): FootnoteLabels {
  const known = config && labelsMemo.get(config);
  if (known) return known;
  const t = rawMessages(config ?? { site: { language: 'en' } });
  const labels = { section: t.footnotesLabel, back: t.footnoteBackLabel };
  if (config) labelsMemo.set(config, labels);
  return labels;
}

const ENGLISH_LABELS = footnoteLabels(undefined);

/**
 * renderArticleHtml, and with `text` the body's plain text as markdownToPlainText gives
 * it, taken from the same tokens (a feed article's summary needs it: one lex, not two).
 */
export function renderArticle(article: Pick<Article, 'body' | 'url' | 'slug'>, options: RenderOptions = {}): { html: string; text?: string } {
  const labels = options.labels ?? ENGLISH_LABELS;
  const out: { html: string; text?: string } = { html: '' };
  const { fast } = renderersFor(options.emphasis ?? 'cjk-friendly');
  const text = options.text ? (tokens: Token[]) => (out.text = plainTextOf(tokens)) : undefined;
  if (!NEEDS_FULL.test(article.body) && !MARKER_CHARS.test(article.body)) {
    try {
      setBase(article.url);
      out.html = withoutXmlForbidden(render(article, labels, fast.lexer, fast.parse, text));
      return out;
    } catch (err) {
      if (!(err instanceof NeedsFullSanitize)) throw err;
    }
  }
  out.html = renderFully(article, text, options.emphasis, labels);
  return out;
}

/** The full path only (tests compare the two). */
export function renderFully(
  article: Pick<Article, 'body' | 'url' | 'slug'>,
  text?: (tokens: Token[]) => void,
  emphasis: EmphasisRules = 'cjk-friendly',
  labels: FootnoteLabels = ENGLISH_LABELS,
): string {
  const marked = renderersFor(emphasis).full;
  return sanitizeArticleHtml(
    render(article, labels, (src) => marked.lexer(src), (tokens) => marked.parser(tokens), text),
    article.url,
  );
}

function render(
  article: Pick<Article, 'body' | 'url' | 'slug'>,
  labels: FootnoteLabels,
  lex: (src: string) => Token[],
  parse: (tokens: Token[]) => string,
  text?: (tokens: Token[]) => void,
): string {
  const ctx = new FootnoteContext(footnoteKey(article.slug), article.url, labels);
  headingIds = new HeadingIds();
  return withFootnotes(ctx, () => {
    const tokens = lex(article.body);
    // Before parsing: the text is read from the tokens as the lexer left them.
    text?.(tokens);
    const body = parse(tokens);
    return body + ctx.section(parse);
  });
}

/** The per-article part of footnote ids: the slug when it is plain ASCII, else a short hash. */
export function footnoteKey(slug: string): string {
  return /^[A-Za-z0-9_-]{1,40}$/.test(slug) ? slug : shortHash(slug);
}
