/**
 * Plain text for a field that readers parse as HTML (RSS `<description>`, OPML's `text`):
 * the text escaped so that an HTML parser reads back exactly the same characters and
 * no element, comment or character reference. It is escaped again by the XML writer
 * afterwards, like any other text.
 *
 * Only what an HTML parser can take as markup is escaped: `<` (it opens a tag, a comment
 * or a declaration) and `&` where a letter, digit, `#` or `_` follows (it would start a
 * character reference; a lone `&` before a space or punctuation is text in HTML and in
 * every older parser). `>` and quotes mean nothing in text. So ordinary text — "Tips &
 * tricks", "C++ > C" — reads the same to a reader that wrongly shows the field as plain
 * text, and text that looks like markup is text to every reader.
 */
export function escapeHtmlText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE, (c) => (c === '<' ? '&lt;' : '&amp;')) : text;
}

const NEEDS_ESCAPE = /<|&[A-Za-z0-9#_]/;
const ESCAPE = /<|&(?=[A-Za-z0-9#_])/g;
