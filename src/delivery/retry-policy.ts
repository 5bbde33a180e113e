import type { TransportFailure } from './transport.js';

/**
 * What to do about a failed send (pure). Four outcomes:
 *
 * - `transient` — try again later: any 4xx reply (421, 450, 451, 452, 454 throttling…),
 *   a refused, reset, dropped or timed-out connection, or an error we cannot place.
 *   `connection` marks failures that say nothing about this message (the server could
 *   not be reached at all): they are retried without using up the delivery's attempts,
 *   and a run of them stops the send (see send-edition).
 * - `permanent` — a 5xx reply about this message or recipient: recorded as failed.
 *   `route` marks a server without SMTPUTF8 refusing an internationalised address: a
 *   failure of this route (another provider could deliver it), never a bounce.
 *   `bounce` is true when the reply is about the address: every 5xx to `RCPT TO`, and a
 *   5xx to `DATA` whose enhanced status is 5.1.x (bad address) or 5.2.x (mailbox full or
 *   disabled). A 5xx to `DATA` for policy or content (5.7.x, 5.6.x…) fails the delivery
 *   but is not the address's fault, so it is not counted as a bounce.
 * - `fatal` — a problem with our side that would fail every delivery alike: rejected
 *   credentials (EAUTH, 535), a 5xx to `MAIL FROM` (our sender address), a TLS or
 *   configuration error. The send stops and leaves the deliveries planned for a rerun.
 */
export type FailureClass =
  | { kind: 'transient'; connection: boolean; reason: string }
  | { kind: 'permanent'; bounce: boolean; reason: string; route?: true }
  | { kind: 'fatal'; reason: string };

/** What the classifier may know about the delivery beyond the server's reply. */
export interface FailureContext {
  /** The recipient's address has characters outside ASCII (an internationalised address). */
  nonAsciiRecipient?: boolean;
}

// Replies of a server without SMTPUTF8 (RFC 6531) to an internationalised address:
// the enhanced codes X.6.7–X.6.9 that RFC 6531 §3.7.4 defines, and the wordings seen
// in the wild ("500 strict ASCII mode", "553 5.6.7 SMTPUTF8 required", "non-ASCII
// addresses not permitted", "8-bit characters in address").
const NO_SMTPUTF8 = /\b5\.6\.[789]\b|SMTP\s*UTF-?8|strict ASCII|non-?ASCII|8-?bit (?:characters?|address)|UTF-?8 (?:address|mailbox)/i;
// What such a server says when it does not even parse the address; only taken to mean
// "no SMTPUTF8" when the address is in fact non-ASCII.
const ADDRESS_SYNTAX = /\b5\.1\.[37]\b|syntax|invalid (?:address|mailbox|character)|bad (?:address|recipient)|illegal/i;

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'EDNS']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'ESOCKET', 'EPIPE', 'ECONNECTION', 'ECONNABORTED', 'EPROTOCOL']);
const FATAL_CODES = new Set(['EAUTH', 'ETLS', 'ENOAUTH', 'EOAUTH2', 'ECONFIG']);
const TLS_MISMATCH = /wrong version number|ssl3_get_record|packet length too long|unknown protocol/i;

/** Classifies a transport failure. */
export function classifyFailure(f: TransportFailure, context: FailureContext = {}): FailureClass {
  const reason = summarize(f);
  const code = f.responseCode;
  if (code !== undefined && code >= 500 && code < 600 && isNoSmtpUtf8(f, context)) {
    // The route, not the mailbox: this server cannot carry an internationalised address
    // at all, so the address is not at fault and earns no strike towards suppression.
    return { kind: 'permanent', bounce: false, route: true, reason: `the server cannot deliver to a non-ASCII address (no SMTPUTF8): ${reason}` };
  }
  if (f.code && FATAL_CODES.has(f.code)) return { kind: 'fatal', reason };
  if (code !== undefined && code >= 400 && code < 500) {
    // A 4xx to the greeting or EHLO means the server is not taking connections right now.
    return { kind: 'transient', connection: f.command === 'CONN' || f.command === 'EHLO' || f.command === 'HELO', reason };
  }
  if (code !== undefined && code >= 500 && code < 600) {
    const command = (f.command ?? '').toUpperCase();
    if (command === 'MAIL FROM' || command.startsWith('AUTH') || command === 'CONN' || command === 'EHLO' || command === 'HELO') {
      return { kind: 'fatal', reason };
    }
    if (command === 'RCPT TO') return { kind: 'permanent', bounce: true, reason };
    const enhanced = /\b5\.(\d{1,3})\.\d{1,3}\b/.exec(f.message);
    const bounce = enhanced ? enhanced[1] === '1' || enhanced[1] === '2' : /\b(user|mailbox|recipient|address)\b.*\b(unknown|not found|does not exist|invalid|disabled)\b/i.test(f.message);
    return { kind: 'permanent', bounce, reason };
  }
  // An smtps:// URL pointed at a plain-text port (25/587) fails the TLS handshake the
  // same way every time: stop with a hint instead of retrying OpenSSL's jargon.
  if (TLS_MISMATCH.test(f.message)) {
    return { kind: 'fatal', reason: `${reason} — the server did not answer TLS on connect: use smtp:// (STARTTLS, ports 25 and 587) instead of smtps:// (port 465)` };
  }
  if (f.code && CONNECTION_CODES.has(f.code)) return { kind: 'transient', connection: true, reason };
  if (f.code && NETWORK_CODES.has(f.code)) return { kind: 'transient', connection: false, reason };
  return { kind: 'transient', connection: false, reason };
}

/** A 5xx that says "this server cannot take an internationalised address". */
function isNoSmtpUtf8(f: TransportFailure, context: FailureContext): boolean {
  const command = (f.command ?? '').toUpperCase();
  // Refusing our own sender address is refusing every message: leave that fatal.
  if (command === 'MAIL FROM' || command.startsWith('AUTH') || command === 'CONN' || command === 'EHLO' || command === 'HELO') return false;
  if (NO_SMTPUTF8.test(f.message)) return context.nonAsciiRecipient !== false;
  return context.nonAsciiRecipient === true && command === 'RCPT TO' && ADDRESS_SYNTAX.test(f.message);
}

/** True when an address has characters outside ASCII. */
export function isNonAscii(address: string): boolean {
  return /[^\x00-\x7f]/.test(address);
}

/** Back-off settings: delays grow as base·2^(n−1), capped, with full jitter. */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Uniform in [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * Delay before attempt `attempt + 1` after `attempt` failed ones: "full jitter"
 * (uniform in [0, min(cap, base·2^(attempt−1))]), which spreads retries of many
 * deliveries that failed together instead of sending them back in a wave. Never below
 * a tenth of the base, so a throttled server gets at least a short breather.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const random = options.random ?? Math.random;
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(options.baseMs / 10, Math.floor(random() * ceiling));
}

/** One line for the store and the operator: code, command and reply, no addresses. */
export function summarize(f: TransportFailure): string {
  const parts = [f.code, f.command, f.responseCode !== undefined ? String(f.responseCode) : undefined].filter(Boolean);
  const text = f.message.replace(/\s+/g, ' ').trim().slice(0, 300);
  return parts.length ? `${parts.join(' ')}: ${text}` : text;
}
