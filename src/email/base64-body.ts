/**
 * Base64 bodies assembled from pieces encoded once per edition. A digest body is mostly
 * text that is the same for every recipient (the template and the sections), with small
 * per-recipient values (name, links) in between. Encoding a recipient's whole body —
 * UTF-8, base64, then a line break every 76 characters — cost more than everything else
 * in the send loop. Here each long constant piece is a `Base64Block`, encoded once per
 * line alignment it is met at, and only the short stretches around the per-recipient
 * values are encoded per message.
 *
 * The bytes are exactly those of `base64Lines(pieces.join(''))`: a base64 line holds 57
 * input bytes, so a block that starts `o` bytes into a line contributes its first
 * `(57 - o) % 57` bytes to the current line, then whole lines that depend only on its
 * own bytes and on that alignment (cached per alignment, at most 57 of them), then a tail
 * that starts the next line. Pieces are cut at template markers (ASCII), never inside a
 * character, so the UTF-8 of the whole is the UTF-8 of the pieces in a row.
 */

const LINE_BYTES = 57; // 76 base64 characters
const CRLF = Buffer.from('\r\n');

/**
 * A constant run of body text, UTF-8 encoded once. Its encoded whole lines are cached per
 * alignment: at most 57 variants of 4/3 its size each, held for the edition's lifetime —
 * memory that depends on the edition, not on the number of recipients.
 */
export class Base64Block {
  readonly bytes: Buffer;
  private readonly variants: (Buffer | undefined)[] = [];

  constructor(readonly text: string) {
    const length = Buffer.byteLength(text, 'utf8');
    this.bytes = Buffer.allocUnsafeSlow(length);
    this.bytes.write(text, 'utf8');
  }

  /** The encoded whole lines of `bytes[skip, skip + 57·k)` for the largest k, with CRLFs. */
  linesFrom(skip: number): { lines: Buffer; end: number } {
    const whole = Math.floor((this.bytes.length - skip) / LINE_BYTES) * LINE_BYTES;
    let lines = this.variants[skip];
    if (lines === undefined) {
      const encoded = base64Lines(this.bytes.subarray(skip, skip + whole));
      // Its own allocation: a small Buffer.from would share an 8 KB pool slab with the
      // per-message buffers around it, and keeping it would keep all of that slab.
      lines = Buffer.allocUnsafeSlow(encoded.length);
      lines.write(encoded, 'latin1');
      this.variants[skip] = lines;
    }
    return { lines, end: skip + whole };
  }
}

/** Blocks shorter than this are encoded with their neighbours: caching them would not pay. */
export const MIN_BLOCK_BYTES = 4 * LINE_BYTES;

/** One piece of a body: text encoded per message, or a block encoded once. */
export type BodyPiece = string | Base64Block;

/** The text of a body given as pieces (tests, previews, DKIM). */
export function bodyText(pieces: readonly BodyPiece[]): string {
  return pieces.map((p) => (typeof p === 'string' ? p : p.text)).join('');
}

/**
 * Appends to `out` the base64 of the pieces' UTF-8 in 76-character lines, each ending in
 * CRLF: the same bytes as `base64Lines(bodyText(pieces))`.
 */
export function encodeBody(pieces: readonly BodyPiece[], out: Buffer[]): void {
  // Bytes not yet encoded; they always start at the beginning of a line.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let wrote = false;
  const flushWholeLines = (): void => {
    // pendingBytes is a multiple of 57 here: whole lines, no padding.
    if (pendingBytes === 0) return;
    out.push(Buffer.from(base64Lines(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes)), 'latin1'));
    wrote = true;
    pending = [];
    pendingBytes = 0;
  };
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      if (piece.length === 0) continue;
      const b = Buffer.from(piece, 'utf8');
      pending.push(b);
      pendingBytes += b.length;
      continue;
    }
    const bytes = piece.bytes;
    const head = (LINE_BYTES - (pendingBytes % LINE_BYTES)) % LINE_BYTES;
    if (bytes.length - head < LINE_BYTES) {
      // No whole line of its own at this alignment: encode it with its neighbours.
      if (bytes.length > 0) pending.push(bytes);
      pendingBytes += bytes.length;
      continue;
    }
    if (head > 0) pending.push(bytes.subarray(0, head));
    pendingBytes += head;
    flushWholeLines();
    const { lines, end } = piece.linesFrom(head);
    out.push(lines);
    wrote = true;
    if (end < bytes.length) {
      pending.push(bytes.subarray(end));
      pendingBytes = bytes.length - end;
    }
  }
  if (pendingBytes > 0) {
    out.push(Buffer.from(base64Lines(pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes)), 'latin1'));
  } else if (!wrote) {
    out.push(CRLF); // an empty body is one empty line, as base64Lines('') writes it
  }
}

/** Base64 of the UTF-8 text (or bytes) in 76-character lines, each ending in CRLF (RFC 2045 §6.8). */
export function base64Lines(input: string | Buffer): string {
  const b64 = (typeof input === 'string' ? Buffer.from(input, 'utf8') : input).toString('base64');
  if (b64.length <= 76) return `${b64}\r\n`;
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  lines.push('');
  return lines.join('\r\n');
}
