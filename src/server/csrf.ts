import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isCanonicalBase64url } from '../email/tokens.js';

/**
 * CSRF protection for the browser forms (subscribe, preferences): a signed double
 * submit. The page sets a random nonce in an HttpOnly, SameSite=Lax cookie and puts
 * `issued.HMAC(secret, nonce, form, issued)` in a hidden field. A cross-site page can
 * make the browser send the form, but it can read neither the cookie nor our page, so
 * it cannot produce a field that matches the cookie. `form` binds the token to one form
 * (and, for preferences, one subscriber), so a token for one form is useless on another.
 *
 * Stateless: nothing is kept on the server; restarts keep forms valid.
 */

export const CSRF_COOKIE = 'broadsheet_csrf';
export const CSRF_FIELD = 'csrf';
/** A form stays valid this long after it was rendered. */
export const CSRF_MAX_AGE_SECONDS = 12 * 3600;

const NONCE_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** A fresh random cookie value. */
export function newCsrfNonce(): string {
  return randomBytes(18).toString('base64url');
}

/** True when a cookie value looks like one of ours (else a fresh one is issued). */
export function isCsrfNonce(value: string | undefined): value is string {
  return typeof value === 'string' && NONCE_PATTERN.test(value);
}

function mac(secret: string, nonce: string, form: string, issued: number): Buffer {
  // Domain-separated from link tokens ("broadsheet:v1:"), so neither can stand in for the other.
  return createHmac('sha256', secret).update(`broadsheet:csrf:v1:${nonce}:${form}:${issued}`).digest();
}

/** The hidden field's value for `form`, tied to the cookie's nonce and the time. */
export function createCsrfToken(secret: string, nonce: string, form: string, now: Date): string {
  const issued = Math.floor(now.getTime() / 1000);
  return `${issued}.${mac(secret, nonce, form, issued).toString('base64url')}`;
}

/** Checks a submitted field against the cookie's nonce, the form and its age. */
export function verifyCsrfToken(secret: string, nonce: string | undefined, form: string, token: string | undefined, now: Date): boolean {
  if (!isCsrfNonce(nonce) || typeof token !== 'string' || token.length > 200) return false;
  // One spelling per token, as for link tokens: no leading zeros, canonical base64url.
  const m = /^(0|[1-9]\d{0,11})\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m || !isCanonicalBase64url(m[2] ?? '')) return false;
  const issued = Number(m[1]);
  const age = now.getTime() / 1000 - issued;
  // A little slack for clock skew between processes behind one load balancer.
  if (age > CSRF_MAX_AGE_SECONDS || age < -300) return false;
  const given = Buffer.from(m[2] ?? '', 'base64url');
  const expected = mac(secret, nonce, form, issued);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
