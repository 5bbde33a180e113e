/**
 * A small, correct XML writer for the feeds. We write RSS, Atom and OPML by hand
 * rather than through the `feed` package because that package lets C0 control
 * characters through (a fatal well-formedness error in every XML parser), wraps
 * content in CDATA without splitting `]]>`, cannot emit `dc:creator`, an
 * `xml-stylesheet` instruction or a correct `isPermaLink`, and falls back to
 * `new Date()` (output would depend on the clock). Escaping every text node is
 * simpler than CDATA and makes `]]>` harmless because `>` is always escaped.
 */
import { cleanText } from '../lib/clean-text.js';

/**
 * Removes every character an XML 1.0 document may not (or should not) contain: the same
 * set that is cleaned from text where it comes in (lib/clean-text.ts), so for content
 * this finds nothing; it keeps a feed well-formed whatever a library caller puts in.
 */
export const stripInvalidXmlChars: (text: string) => string = cleanText;

// Text with none of these characters has nothing to strip or escape: one scan instead of
// four for nearly every title, URL and name (MAYBE_NOT_XML_CHAR's set minus `&`, `<`, `>`).
const TEXT_NEEDS_WORK = /[^\t\n\r\u0020-\u0025\u0027-\u003B\u003D\u003F-\u007E\u00A0-\uD7FF\uE000-\uFFFD]/;
// The same for attribute values, minus `"` and the white space escaped there.
const ATTR_NEEDS_WORK = /[^\u0020\u0021\u0023-\u0025\u0027-\u003B\u003D\u003F-\u007E\u00A0-\uD7FF\uE000-\uFFFD]/;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };
const entity = (c: string): string => ENTITIES[c] ?? c;

/** Escapes character data; `>` too, so `]]>` can never appear literally. */
export function escapeText(text: string): string {
  if (!TEXT_NEEDS_WORK.test(text)) return text;
  // One pass with a callback, not three replace() calls: on an article's HTML (a match
  // every few characters) it is about twice as fast, and its result is a flat string
  // that encodes to UTF-8 without being copied first.
  return escapeStripped(stripInvalidXmlChars(text));
}

/** escapeText for text that stripInvalidXmlChars has already been through. */
export function escapeStripped(text: string): string {
  return text.replace(/[&<>]/g, entity);
}

/** Escapes an attribute value written between double quotes; whitespace survives normalisation. */
export function escapeAttr(text: string): string {
  if (!ATTR_NEEDS_WORK.test(text)) return text;
  return stripInvalidXmlChars(text).replace(/[&<>"\t\n\r]/g, entity);
}

/** Attributes in the given order; `undefined` values are left out. */
export type Attrs = ReadonlyArray<readonly [string, string | undefined]>;

function attrs(list: Attrs): string {
  return list.map(([k, v]) => (v === undefined ? '' : ` ${k}="${escapeAttr(v)}"`)).join('');
}

/** `<name attrs>`. */
export function openTag(name: string, attributes: Attrs = []): string {
  return `<${name}${attrs(attributes)}>`;
}

/**
 * Stands where an item's escaped HTML goes (see slotElement): U+0000 is outside XML's
 * `Char`, so escapeText and escapeAttr strip it from all text and it can only be the slot.
 */
export const HTML_SLOT = '\u0000';

/**
 * `<name attrs>` + HTML_SLOT + `</name>`: textElement(name, html, attrs) with the escaped
 * HTML left out, so a feed writer can put in bytes it escaped once per article.
 */
export function slotElement(name: string, attributes: Attrs = []): string {
  return `${openTag(name, attributes)}${HTML_SLOT}</${name}>`;
}

/** `<name attrs>text</name>`, or nothing when `text` is undefined. */
export function textElement(name: string, text: string | undefined, attributes: Attrs = []): string {
  if (text === undefined) return '';
  return `${openTag(name, attributes)}${escapeText(text)}</${name}>`;
}

/** `<name attrs/>`. */
export function emptyElement(name: string, attributes: Attrs): string {
  return `<${name}${attrs(attributes)}/>`;
}

/** `<name attrs>` + children (already XML) + `</name>`, children on their own lines. */
export function element(name: string, attributes: Attrs, children: ReadonlyArray<string>, indent = ''): string {
  return `${openTag(name, attributes)}\n${childLines(children, indent)}\n${indent}</${name}>`;
}

/** The non-empty children of an element at `indent`, each on its own line (no newline before or after). */
export function childLines(children: ReadonlyArray<string>, indent: string): string {
  return children
    .filter((c) => c !== '')
    .map((c) => `${indent}  ${c}`)
    .join('\n');
}

/** The XML declaration, and the CSS stylesheet instruction when a stylesheet href is given. */
export function prolog(stylesheet: string | undefined): string {
  const pi = stylesheet === undefined ? '' : `\n<?xml-stylesheet type="text/css" href="${escapeAttr(stylesheet)}"?>`;
  return `<?xml version="1.0" encoding="UTF-8"?>${pi}\n`;
}

/**
 * The start of an XML feed file: the prolog, then, when there is one, a comment telling
 * a person who opened the file what it is (in the publication's language).
 */
export function feedPreamble(stylesheet: string | undefined, notice: string | undefined): string {
  return prolog(stylesheet) + (notice ? `${comment(notice)}\n` : '');
}

/** An XML comment; `--` cannot appear inside one, so it is broken up. */
export function comment(text: string): string {
  return `<!-- ${stripInvalidXmlChars(text).replace(/-{2,}/g, (m) => m.split('').join(' ')).replace(/-$/, '- ')} -->`;
}
