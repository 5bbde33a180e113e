import type { MarkedExtension, Token, Tokens } from 'marked';

/**
 * GitHub-style footnotes for marked. We keep our own small extension instead of
 * `marked-footnote` because a reference such as `[^1]` inside a raw HTML block (the seed
 * article has one in a `<blockquote>`) must become a real reference too, numbered in
 * reading order with the others, and that needs the numbering to happen at render time.
 *
 * Decisions: references are numbered 1, 2, 3… in order of first use; a reference to an
 * undefined footnote is dropped (a reader never sees `[^x]`); a definition nobody refers
 * to is still listed, after the referenced ones, so no source is lost. Ids carry a
 * per-article key (`fn-KEY-1`, `fnref-KEY-1`) so several articles on one page or in one
 * feed never share an id.
 */

/** A footnote definition `[^label]: text` as lexed. */
export interface FootnoteDefToken extends Tokens.Generic {
  type: 'footnoteDef';
  raw: string;
  label: string;
  tokens: Token[];
}

/** A footnote reference `[^label]` as lexed. */
export interface FootnoteRefToken extends Tokens.Generic {
  type: 'footnoteRef';
  raw: string;
  label: string;
}

/** The words of a footnotes section, in the article's language. */
export interface FootnoteLabels {
  /** The section's accessible name. */
  section: string;
  /** A back-link's accessible name; `{n}` is the note's number. */
  back: string;
}

/** Per-document state, set for the duration of one synchronous lex + render. */
export class FootnoteContext {
  readonly defs = new Map<string, FootnoteDefToken>();
  readonly numbers = new Map<string, number>();
  private readonly refCounts = new Map<string, number>();

  /**
   * `base` is the article's URL: links to notes and back are absolute (`URL#fn-KEY-1`),
   * as every URL in feed HTML is, so they need no sanitiser pass to become so.
   */
  constructor(
    readonly key: string,
    private readonly base: string | undefined,
    private readonly labels: FootnoteLabels,
  ) {}

  /** The base URL without its fragment, parsed once per document (null: not a URL). */
  private baseHref: string | null | undefined;

  /**
   * `new URL('#' + fragment, base).href`, escaped. Fragments here are ours (`fn-KEY-1`,
   * letters, digits and hyphens, which a URL keeps as they are), so the base is parsed
   * once and each fragment appended: a URL parse per reference and back-link was ~5%
   * of rendering an article.
   */
  private href(fragment: string): string {
    if (this.base === undefined) return `#${fragment}`;
    if (!/^[\w-]+$/.test(fragment)) return resolved(fragment, this.base);
    if (this.baseHref === undefined) this.baseHref = withoutFragment(this.base);
    return this.baseHref === null ? `#${fragment}` : escapeHref(`${this.baseHref}#${fragment}`);
  }

  /** HTML for a reference, or '' when the label has no definition. */
  ref(label: string): string {
    if (!this.defs.has(label)) return '';
    let n = this.numbers.get(label);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(label, n);
    }
    const count = (this.refCounts.get(label) ?? 0) + 1;
    this.refCounts.set(label, count);
    const refId = `fnref-${this.key}-${n}${count > 1 ? `-${count}` : ''}`;
    return `<sup class="footnote-ref"><a href="${this.href(`fn-${this.key}-${n}`)}" id="${refId}" role="doc-noteref">${n}</a></sup>`;
  }

  /** Replaces `[^label]` references in raw HTML; `wrap` marks each reference's HTML. */
  refsInHtml(html: string, wrap: (ref: string) => string = (ref) => ref): string {
    return html.includes('[^') ? html.replace(REF_IN_TEXT, (_m, label: string) => wrap(this.ref(label))) : html;
  }

  /** The footnotes section, or '' when there are none. `render` turns block tokens into HTML. */
  section(render: (tokens: Token[]) => string): string {
    if (this.defs.size === 0) return '';
    // Render referenced notes first (their numbers are fixed), then give the rest numbers.
    const items: string[] = [];
    const byNumber = [...this.numbers.entries()].sort((a, b) => a[1] - b[1]);
    for (const [label] of byNumber) items.push(this.item(label, render));
    for (const label of this.defs.keys()) {
      if (!this.numbers.has(label)) {
        this.numbers.set(label, this.numbers.size + 1);
        items.push(this.item(label, render));
      }
    }
    return `<section class="footnotes" role="doc-endnotes" aria-label="${escapeHref(this.labels.section)}">\n<hr />\n<ol>\n${items.join('')}</ol>\n</section>\n`;
  }

  private item(label: string, render: (tokens: Token[]) => string): string {
    const n = this.numbers.get(label) ?? 0;
    const def = this.defs.get(label);
    let content = def ? render(def.tokens).trim() : '';
    const refs = this.refCounts.get(label) ?? 0;
    const back: string[] = [];
    const backLabel = escapeHref(this.labels.back.replace(/\{n\}/g, String(n)));
    for (let i = 1; i <= refs; i++) {
      back.push(`<a href="${this.href(`fnref-${this.key}-${n}${i > 1 ? `-${i}` : ''}`)}" class="footnote-backref" role="doc-backlink" aria-label="${backLabel}">↩${i > 1 ? `<sup>${i}</sup>` : ''}</a>`);
    }
    const backrefs = back.length ? ` ${back.join(' ')}` : '';
    if (content.endsWith('</p>')) content = `${content.slice(0, -4)}${backrefs}</p>`;
    else content += backrefs;
    return `<li id="fn-${this.key}-${n}">${content}</li>\n`;
  }
}

function resolved(fragment: string, base: string): string {
  try {
    return escapeHref(new URL(`#${fragment}`, base).href);
  } catch {
    return `#${fragment}`;
  }
}

function withoutFragment(base: string): string | null {
  try {
    const url = new URL(base);
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

function escapeHref(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const REF_IN_TEXT = /\[\^([^\]\s]+)\]/g;
const REF = /^\[\^([^\]\s]+)\]/;
const DEF = /^\[\^([^\]\s]+)\]:[ \t]*([^\n]*(?:\n|$)(?:(?:[ \t]*\n)*(?: {4}|\t)[^\n]*(?:\n|$))*)/;
const DEF_HEAD = /\[\^[^\]\s]+\]:/y;

/**
 * Where the next definition starts (at a line start), as `/^\[\^[^\]\s]+\]:/m` would
 * find it. marked asks before every block, and a multiline regex scans all the rest of
 * the document each time; jumping between `[^` occurrences is several times cheaper.
 */
function defStart(src: string): number | undefined {
  for (let i = src.indexOf('[^'); i !== -1; i = src.indexOf('[^', i + 2)) {
    const before = i === 0 ? '\n' : src.charAt(i - 1);
    if (before !== '\n' && before !== '\r' && before !== '\u2028' && before !== '\u2029') continue;
    DEF_HEAD.lastIndex = i;
    if (DEF_HEAD.test(src)) return i;
  }
  return undefined;
}

let active: FootnoteContext | undefined;

/** Runs `fn` with `ctx` as the document's footnote state (lexing and rendering are synchronous). */
export function withFootnotes<T>(ctx: FootnoteContext, fn: () => T): T {
  const previous = active;
  active = ctx;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/**
 * The marked extension: definitions, references, and references inside raw HTML.
 * `raw` marks each piece of raw HTML for the sanitiser, and each reference inside it as
 * trusted (raw-html.ts).
 */
export function footnoteExtension(raw?: { mark: (html: string) => string; trusted: (html: string) => string }): MarkedExtension {
  const mark = raw?.mark ?? ((html: string) => html);
  return {
    extensions: [
      {
        name: 'footnoteDef',
        level: 'block',
        start(src: string) {
          return defStart(src);
        },
        tokenizer(src: string) {
          const m = DEF.exec(src);
          if (!m) return undefined;
          const label = m[1] ?? '';
          const text = (m[2] ?? '').replace(/^(?: {4}|\t)/gm, '');
          const token: FootnoteDefToken = { type: 'footnoteDef', raw: m[0], label, tokens: this.lexer.blockTokens(text, []) };
          if (active && !active.defs.has(label)) active.defs.set(label, token);
          return token;
        },
        renderer() {
          return '';
        },
      },
      {
        name: 'footnoteRef',
        level: 'inline',
        start(src: string) {
          const i = src.indexOf('[^');
          return i === -1 ? undefined : i;
        },
        tokenizer(src: string) {
          const m = REF.exec(src);
          if (!m || src.charAt(m[0].length) === ':') return undefined;
          const token: FootnoteRefToken = { type: 'footnoteRef', raw: m[0], label: m[1] ?? '' };
          return token;
        },
        renderer(token) {
          return active ? active.ref(String(token['label'])) : '';
        },
      },
    ],
    renderer: {
      html(token) {
        return mark(active ? active.refsInHtml(token.text, raw?.trusted) : token.text.replace(REF_IN_TEXT, ''));
      },
    },
  };
}
