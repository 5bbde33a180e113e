import { Marked, type Token } from 'marked';
import { cjkEmphasis } from './cjk-emphasis.js';
import { footnoteExtension, FootnoteContext, withFootnotes } from './footnotes.js';

/**
 * Lexer only: the same GFM, footnote and CJK-friendly emphasis syntax as rendering, so
 * text matches what readers see (no `**` left around `“情报”`).
 */
const lexer = new Marked({ gfm: true }, footnoteExtension(), cjkEmphasis);

/**
 * Markdown to plain text for summaries and excerpts: no HTML, no footnote markers, no
 * images or code blocks; links keep their text; blocks are separated by one space and
 * runs of white space collapse.
 */
export function markdownToPlainText(markdown: string, options: PlainTextOptions = {}): string {
  return PLAIN.test(markdown) ? markdown.replace(/\s+/g, ' ').trim() : lexedPlainText(markdown, options);
}

export interface PlainTextOptions {
  /**
   * Keep raw HTML as the text it is written as, instead of removing it. For text that is
   * never rendered as HTML anywhere (a summary written in front matter): a tag there is
   * the writer talking about a tag, and readers must see it as written.
   */
  htmlAsText?: boolean;
}

/**
 * One line that Markdown leaves as it is: no character that starts inline syntax
 * (emphasis, code, links, footnotes, HTML, entities, escapes, tables), and no start
 * that makes a block (indented code, list, quote, heading, rule). Most front-matter
 * summaries are such a line: lexing each one cost ~40 µs of a feed article's render.
 * A bare URL or e-mail address is fine: marked links it, and its text stays the same.
 */
const PLAIN = /^(?![-+>#=]|\d{1,9}[.)])[^\s*_~`[\]!<>&\\|][^\n\r*_~`[\]!<>&\\|]*$/;

/** markdownToPlainText the long way, by lexing (tests compare the two). */
export function lexedPlainText(markdown: string, options: PlainTextOptions = {}): string {
  return plainTextOf(withFootnotes(new FootnoteContext('x', undefined, { section: '', back: '' }), () => lexer.lexer(markdown)), options);
}

/**
 * The plain text of a document's tokens, as markdownToPlainText gives it. Tokens from
 * the feed renderer's lexer are the same (same syntax extensions), so a render can give
 * the summary its text without lexing the body twice.
 */
export function plainTextOf(tokens: Token[], options: PlainTextOptions = {}): string {
  const parts: string[] = [];
  walk(tokens, parts, options.htmlAsText === true);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Plain text of inline tokens (heading ids use it). */
export function inlineText(tokens: Token[]): string {
  const parts: string[] = [];
  walk(tokens, parts);
  return parts.join('');
}

function walk(tokens: Token[], out: string[], htmlAsText = false): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
      case 'hr':
      case 'code':
      case 'image':
      case 'def':
      case 'footnoteDef':
      case 'footnoteRef':
      case 'checkbox':
        break;
      case 'br':
        out.push(' ');
        break;
      case 'codespan':
        out.push(decodeEntities(String(t['text'])));
        break;
      case 'html':
      case 'tag':
        out.push(htmlAsText ? String(t['raw']) : htmlToText(String(t['text'])));
        break;
      case 'escape':
        out.push(String(t['text']));
        break;
      case 'text':
        if (Array.isArray(t['tokens'])) walk(t['tokens'] as Token[], out, htmlAsText);
        else out.push(decodeEntities(String(t['text'])));
        break;
      case 'list':
        for (const item of t['items'] as Token[]) {
          walk([item], out, htmlAsText);
          out.push(' ');
        }
        break;
      case 'table':
        break;
      default: {
        const g = t as { tokens?: Token[]; text?: unknown };
        if (Array.isArray(g.tokens)) walk(g.tokens, out, htmlAsText);
        else if (typeof g.text === 'string') out.push(decodeEntities(g.text));
        // Block-level tokens end with a separator so paragraphs do not run together.
        if (t.type === 'paragraph' || t.type === 'heading' || t.type === 'blockquote' || t.type === 'list_item') out.push(' ');
      }
    }
  }
}

/** Text of an HTML fragment: tags and script/style bodies removed, footnote markers dropped. */
function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|template)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<[^>]*>/g, ' ')
      .replace(/\[\^[^\]\s]+\]/g, ''),
  );
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', hellip: '…', mdash: '—', ndash: '–', laquo: '«', raquo: '»', copy: '©' };

/** Decodes the entities people type; unknown names stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
    }
    return NAMED[e.toLowerCase()] ?? m;
  });
}
