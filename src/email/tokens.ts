import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens for links that change a subscription.
 * A token names a subscriber and a purpose; a token for one purpose never works for
 * another, a tampered token never verifies, and confirm tokens expire.
 *
 * Format: base64url(JSON payload) "." base64url(HMAC-SHA256(key, "broadsheet:v1:" + payload)).
 */

export type TokenPurpose = 'unsubscribe' | 'preferences' | 'confirm';

export interface TokenClaims {
  purpose: TokenPurpose;
  /** Subscriber id as stored. */
  subscriber: string;
  /** Expiry as Unix seconds; absent = never (unsubscribe links must work from old emails). */
  expires?: number;
  /** Optional extra binding, e.g. the email address a confirm token was issued for. */
  bind?: string;
}

interface Payload {
  p: TokenPurpose;
  s: string;
  e?: number;
  b?: string;
}

const DOMAIN = 'broadsheet:v1:';

function sign(key: string, payload: string): Buffer {
  return createHmac('sha256', key).update(DOMAIN + payload).digest();
}

/** Creates a token. `key` is BROADSHEET_SECRET; it must be non-empty. */
export function createToken(key: string, claims: TokenClaims): string {
  if (!key) throw new Error('createToken needs a signing key');
  const payload: Payload = { p: claims.purpose, s: claims.subscriber };
  if (claims.expires !== undefined) payload.e = claims.expires;
  if (claims.bind !== undefined) payload.b = claims.bind;
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(key, body).toString('base64url')}`;
}

/** Unpadded base64url that re-encodes to itself (no padding, no `+`/`/`, zero trailing bits). */
export function isCanonicalBase64url(text: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}

export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'wrong-purpose' | 'expired' };

/** Verifies a token for one purpose at time `now`. Constant-time signature check. */
export function verifyToken(key: string, token: string, purpose: TokenPurpose, now: Date): VerifyResult {
  if (!key || typeof token !== 'string' || token.length > 2048) return { ok: false, reason: 'malformed' };
  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) return { ok: false, reason: 'malformed' };
  const body = token.slice(0, dot);
  const signature = token.slice(dot + 1);
  // One spelling per token: Node's decoder also takes padding, `+` and `/`, skips stray
  // characters and ignores the unused low bits of the last character, so a copied link
  // could be respelled into many distinct strings that all verify. Only the exact
  // encoding createToken writes is accepted.
  if (!isCanonicalBase64url(body) || !isCanonicalBase64url(signature)) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof payload.s !== 'string' || typeof payload.p !== 'string') return { ok: false, reason: 'malformed' };
  if (payload.p !== purpose) return { ok: false, reason: 'wrong-purpose' };
  if (payload.e !== undefined && now.getTime() / 1000 > payload.e) return { ok: false, reason: 'expired' };
  const claims: TokenClaims = { purpose: payload.p, subscriber: payload.s };
  if (payload.e !== undefined) claims.expires = payload.e;
  if (payload.b !== undefined) claims.bind = payload.b;
  return { ok: true, claims };
}
