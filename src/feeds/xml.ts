/**
 * A small, correct XML writer for the feeds. We write RSS, Atom and OPML by hand
 * rather than through the `feed` package because that package lets C0 control
 * characters through (a fatal well-formedness error in every XML parser), wraps
 * content in CDATA without splitting `]]>`, cannot emit `dc:creator`, an
 * `xml-stylesheet` instruction or a correct `isPermaLink`, and falls back to
 * `new Date()` (output would depend on the clock). Escaping every text node is
 * simpler than CDATA and makes `]]>` harmless because `>` is always escaped.
 */

// XML 1.0 `Char` (§2.2), minus the C1 controls (U+007F–U+009F) which §2.2 asks
// authors to avoid and which the W3C validator flags. With the `u` flag a lone
// surrogate is one code point outside every range, so it is stripped too.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// The same set without astral characters and without any surrogate: text with none of
// these (nearly all text) has nothing to strip. A non-unicode class scans several
// times faster than the `u` regex, and feeds run every article's HTML through it (issue 7).
const MAYBE_NOT_XML_CHAR = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]/;

/** Removes every character an XML 1.0 document may not (or should not) contain. */
export function stripInvalidXmlChars(text: string): string {
  return MAYBE_NOT_XML_CHAR.test(text) ? text.replace(NOT_XML_CHAR, '') : text;
}

/** Escapes character data; `>` too, so `]]>` can never appear literally. */
export function escapeText(text: string): string {
  if (text.length < MEMO_MIN_LENGTH) return escapeNow(text);
  // An article's HTML is escaped once per feed and format that holds it (often ten
  // times or more in a build): remember the escaped form of long texts (issue 7).
  let escaped = escapedMemo.get(text);
  if (escaped === undefined) {
    escaped = escapeNow(text);
    memoChars += text.length + escaped.length;
    if (memoChars > MEMO_MAX_CHARS) {
      escapedMemo.clear();
      memoChars = text.length + escaped.length;
    }
    escapedMemo.set(text, escaped);
  }
  return escaped;
}

const MEMO_MIN_LENGTH = 1000;
/** About 64 MB of two-byte strings; past it the memo starts again. */
const MEMO_MAX_CHARS = 32_000_000;
const escapedMemo = new Map<string, string>();
let memoChars = 0;

function escapeNow(text: string): string {
  return stripInvalidXmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value written between double quotes; whitespace survives normalisation. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Attributes in the given order; `undefined` values are left out. */
export type Attrs = ReadonlyArray<readonly [string, string | undefined]>;

function attrs(list: Attrs): string {
  return list.map(([k, v]) => (v === undefined ? '' : ` ${k}="${escapeAttr(v)}"`)).join('');
}

/** `<name attrs>text</name>`, or nothing when `text` is undefined. */
export function textElement(name: string, text: string | undefined, attributes: Attrs = []): string {
  if (text === undefined) return '';
  return `<${name}${attrs(attributes)}>${escapeText(text)}</${name}>`;
}

/** `<name attrs/>`. */
export function emptyElement(name: string, attributes: Attrs): string {
  return `<${name}${attrs(attributes)}/>`;
}

/** `<name attrs>` + children (already XML) + `</name>`, children on their own lines. */
export function element(name: string, attributes: Attrs, children: ReadonlyArray<string>, indent = ''): string {
  const inner = children.filter((c) => c !== '').map((c) => `${indent}  ${c}`);
  return `<${name}${attrs(attributes)}>\n${inner.join('\n')}\n${indent}</${name}>`;
}

/** The XML declaration, and the stylesheet instruction when a stylesheet path is given. */
export function prolog(stylesheet: string | undefined): string {
  const pi = stylesheet === undefined ? '' : `\n<?xml-stylesheet type="text/xsl" href="${escapeAttr(stylesheet)}"?>`;
  return `<?xml version="1.0" encoding="UTF-8"?>${pi}\n`;
}

/** An XML comment; `--` cannot appear inside one, so it is broken up. */
export function comment(text: string): string {
  return `<!-- ${stripInvalidXmlChars(text).replace(/-{2,}/g, (m) => m.split('').join(' ')).replace(/-$/, '- ')} -->`;
}
