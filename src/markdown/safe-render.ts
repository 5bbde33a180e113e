import { Marked, Parser, type MarkedExtension, type Token } from 'marked';
import { absoluteUrl } from './sanitize.js';
import { markRaw, NeedsFullSanitize, settleRaw } from './raw-html.js';

export { NeedsFullSanitize };

/**
 * marked's renderer, changed so that its output is already what the sanitiser would make
 * of it, byte for byte: URLs absolute and scheme-checked (as sanitize.ts does), text
 * escaped as sanitize-html escapes it (`&`, `<`, `>`; quotes stay literal in text),
 * attributes as it writes them (`&`, `<`, `>`, `"`), void elements as `<br />`, no
 * task-list `<input>`. Raw HTML (html tokens, and text marked left unescaped inside a raw
 * `<pre>`/`<script>`) is marked for raw-html.ts, which sanitises only that.
 *
 * The renderer needs what sanitize-html would have decoded to be absent: render.ts sends
 * Markdown with character references (`&amp;`, `&#39;`) down the full-sanitise path, and
 * a link or image whose URL or title still holds one throws NeedsFullSanitize.
 */
let base = 'https://invalid.example/';

/** The article URL the next render resolves against (rendering is synchronous). */
export function setBase(url: string): void {
  base = url;
}

/** Text as sanitize-html writes it. */
export function escText(s: string): string {
  return /[&<>]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s;
}

/** An attribute value as sanitize-html writes it. */
export function escAttr(s: string): string {
  return /[&<>"]/.test(s) ? escText(s).replace(/"/g, '&quot;') : s;
}

// marked's own cleanUrl: what it would have put in the attribute, before escaping.
function cleanUrl(href: string): string | null {
  try {
    return encodeURI(href).replace(/%25/g, '%');
  } catch {
    return null;
  }
}

// What marked's escape() leaves alone and htmlparser2 then decodes.
const CHAR_REF = /&(?:#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);/;

function checked(s: string): string {
  if (CHAR_REF.test(s)) throw new NeedsFullSanitize();
  return s;
}

/** An `<img>` src keeps only http, https and raster data URLs (sanitize-html's allowedSchemesByTag). */
function imageSrc(url: string): string | undefined {
  const abs = absoluteUrl(url, base, 'src', 'img');
  return abs !== undefined && /^(?:https?|data):/i.test(abs) ? abs : undefined;
}

const safeRenderer: MarkedExtension = {
  renderer: {
    text(token) {
      if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
      // Text inside a raw <pre>/<script> comes unescaped: it is raw HTML.
      return 'escaped' in token && token.escaped ? markRaw(token.text) : escText(token.text);
    },
    codespan({ text }) {
      return `<code>${escText(text)}</code>`;
    },
    code({ text, lang, escaped }) {
      const language = (lang ?? '').match(/^\S*/)?.[0];
      const body = text ? `${text.replace(/\n$/, '')}\n` : '';
      const inner = escaped ? markRaw(body) : escText(body);
      return language ? `<pre><code class="language-${escAttr(checked(language))}">${inner}</code></pre>\n` : `<pre><code>${inner}</code></pre>\n`;
    },
    br() {
      return '<br />';
    },
    hr() {
      return '<hr />\n';
    },
    checkbox() {
      // sanitize-html removes the <input> and keeps the space after it.
      return ' ';
    },
    link({ href, title, text, tokens, autolink }) {
      const inner = autolink ? escText(text) : this.parser.parseInline(tokens);
      const clean = cleanUrl(href);
      if (clean === null) return inner;
      const abs = absoluteUrl(autolink ? clean : checked(clean), base, 'href', 'a');
      let out = abs === undefined ? '<a' : `<a href="${escAttr(abs)}"`;
      if (title) out += ` title="${escAttr(checked(title))}"`;
      return `${out}>${inner}</a>`;
    },
    image({ href, title, text, tokens }) {
      const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
      const clean = cleanUrl(href);
      if (clean === null) return escText(alt);
      const src = imageSrc(checked(clean));
      let out = src === undefined ? '<img' : `<img src="${escAttr(src)}"`;
      out += ` alt="${escAttr(alt)}"`;
      if (title) out += ` title="${escAttr(checked(title))}"`;
      return `${out} />`;
    },
  },
};

/**
 * A marked parser that settles raw HTML at every level it renders (a paragraph's inline
 * content, a list item, a blockquote, the document), so an unclosed raw tag is closed
 * where its container ends — as the sanitiser's parser did when it saw the whole document.
 */
class SettlingParser extends Parser {
  private depth = 0;

  override parse(tokens: Token[]): string {
    this.depth++;
    try {
      return settleRaw(super.parse(tokens), base, this.depth === 1 ? 'document' : 'block');
    } finally {
      this.depth--;
    }
  }

  override parseInline(tokens: Token[], renderer?: Parameters<Parser['parseInline']>[1]): string {
    return settleRaw(super.parseInline(tokens, renderer), base, 'inline');
  }
}

/** A Marked instance with `extensions` and the safe renderer on top. */
export function safeMarked(...extensions: MarkedExtension[]): { lexer: (src: string) => Token[]; parse: (tokens: Token[]) => string } {
  const marked = new Marked(...extensions, safeRenderer);
  return {
    lexer: (src) => marked.lexer(src),
    parse: (tokens) => new SettlingParser(marked.defaults).parse(tokens),
  };
}
