/**
 * Header encoding for hand-assembled messages (RFC 5322, RFC 2047): pure string
 * functions with no dependencies, so a message can be assembled without a MIME library.
 */

/** A mailbox as the config and the store describe one. */
export interface Address {
  name?: string | null | undefined;
  address: string;
}

// RFC 2047 §2: an encoded word is at most 75 characters. "=?UTF-8?B?" + "?=" leave 63
// characters, i.e. 15 base64 quads, i.e. 45 bytes of UTF-8 per word.
const MAX_WORD_BYTES = 45;

// Printable ASCII and space only: anything else (non-ASCII, control characters, a stray
// "=?" that a decoder would take for an encoded word) gets encoded.
const PLAIN_TEXT = /^[\x20-\x7e]*$/;

/**
 * Encodes an unstructured header value (Subject) as RFC 2047 B encoded words when it is
 * not plain ASCII. Each word holds whole characters (never half of a UTF-8 sequence) and
 * is at most 75 characters; words are joined by folding whitespace (CRLF SP), which a
 * decoder drops between adjacent encoded words. Plain values are folded at spaces.
 */
export function encodeUnstructured(value: string, headerNameLength = 7): string {
  const clean = value.replace(/[\r\n]+/g, ' ');
  if (PLAIN_TEXT.test(clean) && !clean.includes('=?')) return foldAtSpaces(clean, headerNameLength + 2);
  return encodeWords(clean, headerNameLength + 2).join('\r\n ');
}

/**
 * Splits text into B encoded words of at most MAX_WORD_BYTES bytes each, at code point
 * boundaries. `firstLineUsed` (characters already on the first line, e.g. "Subject: ")
 * shortens the first word so that line also stays within 78 characters.
 */
export function encodeWords(text: string, firstLineUsed = 0): string[] {
  const words: string[] = [];
  let limit = Math.min(MAX_WORD_BYTES, Math.max(6, Math.floor((78 - firstLineUsed - 12) / 4) * 3));
  let chunk = '';
  let bytes = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > limit && chunk) {
      words.push(bWord(chunk));
      chunk = '';
      bytes = 0;
      limit = MAX_WORD_BYTES;
    }
    chunk += ch;
    bytes += n;
  }
  if (chunk || words.length === 0) words.push(bWord(chunk));
  return words;
}

function bWord(s: string): string {
  return `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
}

/** Folds a plain ASCII value at spaces so lines stay near 78 characters (never past 998). */
function foldAtSpaces(value: string, firstLineUsed: number): string {
  if (value.length + firstLineUsed <= 78) return value;
  const parts = value.split(' ');
  let out = '';
  let line = firstLineUsed;
  for (const [i, part] of parts.entries()) {
    if (i === 0) {
      out = part;
      line += part.length;
    } else if (line + 1 + part.length > 78 && line > 1) {
      out += `\r\n ${part}`;
      line = 1 + part.length;
    } else {
      out += ` ${part}`;
      line += 1 + part.length;
    }
  }
  return out;
}

// RFC 5322 atext plus space: a display name made only of these needs no quoting.
const ATOM_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]+$/;

/** A display name as an RFC 5322 phrase: atoms, a quoted string, or encoded words. */
export function encodeDisplayName(name: string, firstLineUsed = 4): string {
  const clean = name.replace(/[\r\n]+/g, ' ').trim();
  if (ATOM_PHRASE.test(clean)) return clean;
  if (PLAIN_TEXT.test(clean) && !clean.includes('=?')) return `"${clean.replace(/(["\\])/g, '\\$1')}"`;
  // Folding between encoded words keeps a long non-ASCII name under the line limit.
  return encodeWords(clean, firstLineUsed).join('\r\n ');
}

/** `Name <address>` with the name encoded as needed, or the bare address when there is no name. */
export function formatAddress(a: Address, firstLineUsed = 6): string {
  const name = a.name?.trim();
  if (!name) return a.address;
  const phrase = encodeDisplayName(name, firstLineUsed);
  const lastLine = phrase.slice(phrase.lastIndexOf('\n') + 1).length + (phrase.includes('\n') ? 0 : firstLineUsed);
  // Fold before the address rather than run past 78 characters (CFWS is allowed there).
  return lastLine + a.address.length + 3 > 78 ? `${phrase}\r\n <${a.address}>` : `${phrase} <${a.address}>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** RFC 5322 §3.3 date-time in UTC: `Sat, 28 Nov 2026 15:35:36 +0000`. */
export function formatDate(d: Date): string {
  return (
    `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
  );
}

/**
 * An RFC 2919 List-Id value: `Title <identifier>`, where the identifier is a dot-atom
 * (e.g. `news.example.org`). Nodemailer's `list.id` helper writes another form, so the
 * header is written here directly.
 */
export function formatListId(title: string, identifier: string): string {
  const id = identifier.trim().replace(/^<|>$/g, '');
  if (!/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(\.[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)+$/.test(id)) {
    throw new Error(`List-Id identifier "${identifier}" is not a dot-atom such as "news.example.org"`);
  }
  const name = title.trim();
  return name ? `${encodeDisplayName(name)} <${id}>` : `<${id}>`;
}
