/**
 * The characters no output may carry, removed once where text comes in (article files,
 * front matter values, config strings, the HTML and plain text a body renders to), so
 * feeds, pages, the digest's HTML and text parts, its Subject and the terminal all see
 * clean text. What is removed is exactly what XML 1.0 forbids or asks authors to avoid:
 * C0 controls other than tab, line feed and carriage return; DEL and the C1 controls
 * (U+007F–U+009F, among them U+0085 NEL and U+009B, the one-character CSI); the
 * noncharacters U+FFFE and U+FFFF; and lone surrogates. An escape sequence such as
 * ESC [ 3 1 m loses its ESC and is left as harmless text.
 */

// With the `u` flag a lone surrogate is one code point outside every range, so it goes too.
const UNWANTED = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// The same set without astral characters and without any surrogate: text with none of
// these (nearly all text) has nothing to remove. A non-unicode class scans several times
// faster than the `u` pattern, and every article file and body HTML goes through it.
const MAYBE_UNWANTED = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD]/;

/** Removes control characters (but tab, LF, CR), U+FFFE/U+FFFF and lone surrogates. */
export function cleanText(text: string): string {
  return MAYBE_UNWANTED.test(text) ? text.replace(UNWANTED, '') : text;
}

/**
 * cleanText for a one-line value (a title, a topic or tag name, a person's name): tabs
 * and line breaks become one space each run, as they would in any single-line display.
 */
export function cleanLine(text: string): string {
  const clean = cleanText(text);
  return /[\t\n\r]/.test(clean) ? clean.replace(/[\t\n\r]+/g, ' ') : clean;
}

/**
 * Applies cleanText to every string in parsed data (front matter, a config file):
 * arrays and plain objects are walked and changed in place, other values (numbers,
 * dates) are left alone. Keys are cleaned too (config keys name topics and tags, which
 * are cleaned where they are written); a cleaned key never replaces one written as is.
 * Properties are written with defineProperty so that a key such as `__proto__` stays an
 * ordinary own property.
 */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const clean = cleanStrings(item);
      if (clean !== item) value[i] = clean;
    }
    return value;
  }
  if (value !== null && typeof value === 'object' && isPlain(value)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      const clean = cleanStrings(item);
      const cleanKey = cleanText(key);
      if (cleanKey !== key) {
        delete record[key];
        if (!Object.hasOwn(record, cleanKey)) define(record, cleanKey, clean);
      } else if (clean !== item) define(record, key, clean);
    }
  }
  return value;
}

function define(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// Every control character a terminal acts on, tab and line breaks aside: ESC starts the
// escape sequences (ESC [ … is CSI), U+009B is CSI on its own, and BEL, BS and DEL move
// or sound. Lone surrogates cannot be written as UTF-8 at all.
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const MAYBE_TERMINAL_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]/;

/**
 * A line for a terminal: each control character that could move the cursor, recolour
 * or retitle the terminal is shown as `\u001B`-style text instead of being sent. The
 * notation is also a valid JSON escape, so a JSON document printed through here still
 * parses to the same data. Content is cleaned when it comes in; this guards what comes
 * from elsewhere (a store written by an older version, a message that quotes a file).
 */
export function terminalSafe(line: string): string {
  if (!MAYBE_TERMINAL_UNSAFE.test(line)) return line;
  return line.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
