import { createHash } from 'node:crypto';
import type { DkimSigner } from './dkim.js';
import { base64Lines, encodeBody, bodyText, type BodyPiece } from './base64-body.js';
import { encodeUnstructured, formatAddress, formatDate, type Address } from './headers.js';

export { base64Lines } from './base64-body.js';

/**
 * Raw MIME assembly for digests. Everything that is the same for every recipient of an
 * edition (From, Reply-To, List-Id, the boundary, the part headers) is built once by
 * `createComposer`; each recipient's message is then a handful of string concatenations
 * plus a native base64 encoding of their two bodies. Base64 (rather than
 * quoted-printable) keeps every line at 76 characters, is done in C++ by Buffer, and is
 * smaller than QP for CJK text, which QP triples.
 *
 * `compose` returns a string with CRLF line ends, ready for SMTP `DATA` or an .eml file.
 * `composeBytes` (the send loop's path) returns the same message as UTF-8 bytes, built
 * from body pieces whose constant parts were base64-encoded once per edition
 * (base64-body.ts): encoding every recipient's whole body, and then converting the
 * finished string to bytes for the socket, was most of the loop's CPU time.
 */

/** What is the same for every message of an edition. */
export interface ComposerOptions {
  from: Address;
  replyTo?: Address | undefined;
  /** The List-Id header value, already in RFC 2919 form (see formatListId). */
  listId: string;
  /** Adds `<mailto:ADDRESS?subject=unsubscribe>` to List-Unsubscribe. */
  unsubscribeMailto?: string | undefined;
  /** Public URL of the edition's web copy: written as List-Archive when given. */
  archiveUrl?: string | undefined;
  /** Signs every message when given. */
  dkim?: DkimSigner | undefined;
  /** Seed for the MIME boundary (e.g. the edition id), so retries produce the same bytes. */
  boundarySeed?: string | undefined;
}

/** What differs per message. */
export interface MessageInput {
  to: Address;
  subject: string;
  html: string;
  text: string;
  /** `<…@…>`, unique per delivery, identical across retries. */
  messageId: string;
  /** One-click unsubscribe URL (https), written to List-Unsubscribe. */
  unsubscribeUrl: string;
  date: Date;
}

/** A message whose bodies come as pieces, some encoded once per edition (base64-body.ts). */
export interface PiecedMessageInput extends Omit<MessageInput, 'html' | 'text'> {
  html: readonly BodyPiece[];
  text: readonly BodyPiece[];
}

/** Assembles one recipient's raw message. */
export interface Composer {
  compose(message: MessageInput): string;
  /**
   * The same message as `compose` would write for the joined pieces, byte for byte, as
   * UTF-8 bytes ready for SMTP; the constant pieces are not encoded again.
   */
  composeBytes(message: PiecedMessageInput): Buffer;
}

/**
 * Precomputes an edition's shared headers and boundary; `compose` is then cheap.
 * `Precedence: bulk` is written so vacation responders stay quiet (RFC 3834 §2 asks them
 * to honour it), next to `Auto-Submitted: auto-generated`.
 */
export function createComposer(options: ComposerOptions): Composer {
  const boundary = `=_bs_${createHash('sha256').update(options.boundarySeed ?? String(Math.random())).digest('hex').slice(0, 24)}`;
  const mailto = options.unsubscribeMailto ? `,\r\n <mailto:${options.unsubscribeMailto}?subject=unsubscribe>` : '';
  const shared =
    `From: ${formatAddress(options.from, 6)}\r\n` +
    (options.replyTo ? `Reply-To: ${formatAddress(options.replyTo, 10)}\r\n` : '') +
    'MIME-Version: 1.0\r\n' +
    `Content-Type: multipart/alternative; boundary="${boundary}"\r\n` +
    `List-Id: ${options.listId}\r\n`;
  const tail =
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n' +
    (options.archiveUrl ? `List-Archive: <${options.archiveUrl}>\r\n` : '') +
    'Auto-Submitted: auto-generated\r\n' +
    'Precedence: bulk\r\n' +
    '\r\n' +
    'This is a multi-part message in MIME format.\r\n';
  const textHead = `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n`;
  const htmlHead = `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n`;
  const end = `--${boundary}--\r\n`;
  const subjects = new Map<string, string>();
  let lastDate = { at: NaN, text: '' };
  const partHeads = { text: Buffer.from(textHead, 'latin1'), html: Buffer.from(htmlHead, 'latin1'), end: Buffer.from(end, 'latin1') };

  /** Every header line and the preamble, up to the first part. */
  const headers = (m: Omit<MessageInput, 'html' | 'text'>): string => {
    assertHeaderSafe(m.messageId, 'Message-ID');
    assertHeaderSafe(m.unsubscribeUrl, 'List-Unsubscribe URL');
    assertHeaderSafe(m.to.address, 'recipient address');
    // Most editions have one subject for everyone: encode it once.
    let subject = subjects.get(m.subject);
    if (subject === undefined) {
      subject = encodeUnstructured(m.subject, 7);
      if (subjects.size < 64) subjects.set(m.subject, subject);
    }
    const second = Math.floor(m.date.getTime() / 1000);
    if (second !== lastDate.at) lastDate = { at: second, text: formatDate(m.date) };
    return (
      `Message-ID: ${m.messageId}\r\n` +
      `Date: ${lastDate.text}\r\n` +
      shared +
      `To: ${formatAddress(m.to, 4)}\r\n` +
      `Subject: ${subject}\r\n` +
      `List-Unsubscribe: <${m.unsubscribeUrl}>${mailto}\r\n` +
      tail
    );
  };

  return {
    compose(m) {
      const message = headers(m) + textHead + base64Lines(m.text) + htmlHead + base64Lines(m.html) + end;
      return options.dkim ? options.dkim.sign(message, m.date) + message : message;
    },
    composeBytes(m) {
      const head = headers(m);
      if (options.dkim) {
        // Signing needs the whole text; DKIM runs are not the fast path.
        const message = head + textHead + base64Lines(bodyText(m.text)) + htmlHead + base64Lines(bodyText(m.html)) + end;
        return Buffer.from(options.dkim.sign(message, m.date) + message, 'utf8');
      }
      const out: Buffer[] = [Buffer.from(head, 'utf8'), partHeads.text];
      encodeBody(m.text, out);
      out.push(partHeads.html);
      encodeBody(m.html, out);
      out.push(partHeads.end);
      return Buffer.concat(out);
    },
  };
}

/** Composes a single message (previews, one-off sends); for many, reuse createComposer. */
export function composeMessage(options: ComposerOptions, message: MessageInput): string {
  return createComposer(options).compose(message);
}

/**
 * A Message-ID unique per (edition, subscriber) and identical across retries and reruns:
 * `<EDITION.HASH@DOMAIN>`, the hash binding both ids so sanitising the edition id can
 * never make two deliveries collide. Stored in the delivery row when it is planned.
 */
export function messageIdFor(editionId: string, subscriberId: string, domain: string): string {
  const hash = createHash('sha256').update(`${editionId}\0${subscriberId}`).digest('hex').slice(0, 24);
  const edition = editionId.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'edition';
  const host = domain.replace(/[^A-Za-z0-9.-]+/g, '-').toLowerCase() || 'localhost';
  return `<${edition}.${hash}@${host}>`;
}

// A CR or LF inside a value would let it start a new header (header injection).
function assertHeaderSafe(value: string, what: string): void {
  if (/[\r\n]/.test(value)) throw new Error(`${what} contains a line break`);
}
