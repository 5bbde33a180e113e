/**
 * Plain text for a field that readers parse as HTML (RSS `<description>`, OPML's `text`):
 * the text escaped so that an HTML parser reads back exactly the same characters and
 * no element, comment or character reference. It is escaped again by the XML writer
 * afterwards, like any other text.
 *
 * Only what an HTML parser can take as markup is escaped: every `<` (it opens a tag, a
 * comment or a declaration), and an `&` that starts a character reference — `&#…`, a
 * name ending in `;`, or one of the names HTML still decodes without the `;` (`&copy`,
 * `&not`, `&amp`). `>`, quotes and any other `&` mean nothing in text. So ordinary text
 * — "Q&A", "R&D", "Tips & tricks", "C++ > C" — is written unchanged and also reads right
 * in a reader that wrongly shows the field as plain text, while text that looks like
 * markup is text to every reader.
 */
export function escapeHtmlText(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE, (c) => (c === '<' ? '&lt;' : '&amp;')) : text;
}

// The named references the HTML parser decodes without a closing `;` (the WHATWG
// named character reference table's legacy entries): `&notation` reads as `¬ation`.
const LEGACY_NAMES =
  'AElig|AMP|Aacute|Acirc|Agrave|Aring|Atilde|Auml|COPY|Ccedil|ETH|Eacute|Ecirc|Egrave|Euml|GT|Iacute|Icirc|Igrave|Iuml|LT|Ntilde|Oacute|Ocirc|Ograve|Oslash|Otilde|Ouml|QUOT|REG|THORN|Uacute|Ucirc|Ugrave|Uuml|Yacute|' +
  'aacute|acirc|acute|aelig|agrave|amp|aring|atilde|auml|brvbar|ccedil|cedil|cent|copy|curren|deg|divide|eacute|ecirc|egrave|eth|euml|frac12|frac14|frac34|gt|iacute|icirc|iexcl|igrave|iquest|iuml|laquo|lt|macr|micro|middot|nbsp|not|ntilde|' +
  'oacute|ocirc|ograve|ordf|ordm|oslash|otilde|ouml|para|plusmn|pound|quot|raquo|reg|sect|shy|sup1|sup2|sup3|szlig|thorn|times|uacute|ucirc|ugrave|uml|uuml|yacute|yen|yuml';

/** An `&` that starts a character reference: numeric, named with `;`, or a legacy name. */
const REFERENCE = `&(?=#|[A-Za-z][A-Za-z0-9]*;|(?:${LEGACY_NAMES}))`;
const NEEDS_ESCAPE = new RegExp(`<|${REFERENCE}`);
const ESCAPE = new RegExp(`<|${REFERENCE}`, 'g');
