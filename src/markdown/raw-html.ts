import { ALLOWED_TAGS, sanitizeMarked } from './sanitize.js';

/**
 * Raw HTML in Markdown is the only place hostile markup can enter an article: marked's
 * own output escapes every text and attribute, and its URLs are rewritten by the safe
 * renderer (safe-render.ts). So instead of re-parsing a whole article with sanitize-html,
 * the safe renderer wraps each piece of raw HTML in RAW_OPEN…RAW_CLOSE, and settleRaw
 * sanitises only those pieces — together, in document order, with each run of trusted
 * HTML between them standing in as a placeholder, so a `<details>` opened in one raw
 * block and closed in another is seen by the sanitiser as before. Placeholders are
 * private-use characters: plain text to the parser, removed from every attribute value,
 * put back only where they survive as text.
 *
 * The output must be byte for byte what sanitising the whole document gave. That holds
 * when the raw tags cannot interact with the trusted HTML the sanitiser no longer sees:
 * scanRaw checks this conservatively (well-formed tags, properly nested, none that
 * htmlparser2 opens or closes implicitly, comments whole, no script-like elements) and
 * otherwise throws NeedsFullSanitize, and the article takes the full path. Raw HTML made
 * only of allowed attribute-less tags, comments and plain text is what sanitize-html
 * would return (less the comments), so it is not parsed at all.
 *
 * Precondition: the Markdown holds none of the four marker characters (render.ts checks
 * and takes the full path otherwise), so no article can forge a marker.
 */

/** Thrown while rendering when only the full-document sanitiser gives the exact output. */
export class NeedsFullSanitize extends Error {}

export const RAW_OPEN = '\uE000';
export const RAW_CLOSE = '\uE001';
const PH_OPEN = '\uE002';
const PH_CLOSE = '\uE003';
const PLACEHOLDER = /\uE002(\d+)\uE003/g;
const PLACEHOLDER_CHARS = /[\uE002\uE003]/g;

/** Characters that must not occur in Markdown taking the raw-HTML-only path. */
export const MARKER_CHARS = /[\uE000-\uE003]/;

/** Marks `html` as raw (untrusted) HTML for settleRaw. */
export function markRaw(html: string): string {
  return html === '' ? '' : RAW_OPEN + html + RAW_CLOSE;
}

/** Marks trusted HTML that sits inside raw HTML (a footnote reference in a raw `<blockquote>`). */
export function trustedInRaw(html: string): string {
  return RAW_CLOSE + html + RAW_OPEN;
}

/** Where the HTML being settled sits: the whole document, a block container, or inline content. */
export type Level = 'document' | 'block' | 'inline';

/**
 * Sanitises the raw pieces of `html` (trusted HTML with marked raw pieces) and returns
 * HTML with no markers left; `html` without raw pieces comes back unchanged.
 */
export function settleRaw(html: string, base: string, level: Level): string {
  if (!html.includes(RAW_OPEN)) return html;
  const trusted: string[] = [];
  const raw: string[] = [];
  let skeleton = '';
  let at = 0;
  for (;;) {
    const open = html.indexOf(RAW_OPEN, at);
    const text = open === -1 ? html.slice(at) : html.slice(at, open);
    if (text !== '') {
      skeleton += `${PH_OPEN}${trusted.length}${PH_CLOSE}`;
      trusted.push(text);
    }
    if (open === -1) break;
    const close = html.indexOf(RAW_CLOSE, open + 1);
    // Raw pieces never nest (inner levels are settled first); a missing close is a bug.
    if (close === -1) throw new Error('Unterminated raw HTML marker');
    const piece = html.slice(open + 1, close);
    raw.push(piece);
    skeleton += piece;
    at = close + 1;
  }
  const { plain, comments } = scanRaw(raw, level);
  // Every `<!--` in a plain skeleton opens a comment that ends within its piece.
  const clean = plain ? (comments ? skeleton.replace(COMMENT_G, '') : skeleton) : sanitizeMarked(skeleton, base, PLACEHOLDER_CHARS);
  return clean.replace(PLACEHOLDER, (_m, n: string) => trusted[Number(n)] ?? '');
}

const ALLOWED = new Set(ALLOWED_TAGS);
const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
// Opening these makes htmlparser2 close something other than a <p>, or changes how it
// reads what follows (raw text, foreign content), or is itself closed implicitly.
const INTERACTING = new Set([
  'p', 'tr', 'th', 'td', 'thead', 'tbody', 'tfoot', 'caption', 'colgroup', 'body', 'head', 'html', 'li', 'dd', 'dt', 'rt', 'rp',
  'select', 'input', 'output', 'button', 'datalist', 'textarea', 'option', 'optgroup', 'form',
  'script', 'style', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext', 'noscript', 'template',
  'svg', 'math', 'mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc',
]);
// Opening these closes an open <p>: inline content may sit in one the sanitiser no longer sees.
const CLOSES_P = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul', 'menu', 'summary']);

// htmlparser2 ends a comment at the first `-->`; `<!-->` and `<!--->` are left to the sanitiser.
const COMMENT = /<!--(?!-?>)[\s\S]*?-->/y;
const COMMENT_G = new RegExp(COMMENT.source, 'g');
// HTML's white space is ASCII only (a no-break space belongs to the tag name).
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:[\t\n\f\r ]+[^\t\n\f\r "'>/=]+(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r "'=<>`]+))?)*)[\t\n\f\r ]*(\/?)>/y;

/**
 * Checks that sanitising `pieces` apart from the trusted HTML around them gives what
 * sanitising everything did; throws NeedsFullSanitize if not sure. Returns true when the
 * pieces are already what sanitize-html would write (allowed bare tags, plain text).
 */
function scanRaw(pieces: string[], level: Level): { plain: boolean; comments: boolean } {
  const stack: string[] = [];
  let plain = true;
  let comments = false;
  for (const piece of pieces) {
    let at = 0;
    for (;;) {
      const lt = piece.indexOf('<', at);
      // Text sanitize-html writes differently: it escapes & and >, and rewrites NUL and CR.
      if (plain && /[&>\0\r]/.test(piece.slice(at, lt === -1 ? undefined : lt))) plain = false;
      if (lt === -1) break;
      // A comment (`<!--more-->`) is dropped and changes nothing else.
      COMMENT.lastIndex = lt;
      if (COMMENT.test(piece)) {
        at = COMMENT.lastIndex;
        comments = true;
        continue;
      }
      TAG.lastIndex = lt;
      const m = TAG.exec(piece);
      if (!m) throw new NeedsFullSanitize();
      at = TAG.lastIndex;
      const [, slash, rawName = '', attrs, selfClose] = m;
      const name = rawName.toLowerCase();
      if (m[0] !== `<${slash}${name}>` || !ALLOWED.has(name) || VOID.has(name)) plain = false;
      if (slash) {
        if (stack.pop() !== name || attrs || selfClose) throw new NeedsFullSanitize();
      } else {
        if (INTERACTING.has(name) || (level === 'inline' && CLOSES_P.has(name))) throw new NeedsFullSanitize();
        if (!VOID.has(name)) stack.push(name);
      }
    }
  }
  // The whole document: an unclosed tag used to wrap what follows (the footnotes).
  if (level === 'document' && stack.length > 0) throw new NeedsFullSanitize();
  // sanitize-html closes what is left open.
  return { plain: plain && stack.length === 0, comments };
}
