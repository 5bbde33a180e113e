import type { Context } from 'hono';
import { verifyToken, type TokenClaims, type TokenPurpose } from '../../email/tokens.js';
import type { Subscriber } from '../../store/types.js';
import { messagePage, type Service } from '../service.js';

/**
 * The `?token=` every subscription page carries, checked once: signature, purpose,
 * expiry, and that the subscriber exists. Failures become a page that explains
 * nothing about which check failed beyond "expired" (which the reader can act on).
 */

export type TokenCheck =
  | { ok: true; token: string; claims: TokenClaims; subscriber: Subscriber | undefined }
  | { ok: false; reason: 'invalid' | 'expired' };

export async function checkToken(c: Context, s: Service, purpose: TokenPurpose): Promise<TokenCheck> {
  const token = c.req.query('token');
  if (!token) return { ok: false, reason: 'invalid' };
  const result = verifyToken(s.secret, token, purpose, s.clock.now());
  if (!result.ok) return { ok: false, reason: result.reason === 'expired' ? 'expired' : 'invalid' };
  return { ok: true, token, claims: result.claims, subscriber: await s.store.getSubscriber(result.claims.subscriber) };
}

/** 400 for a bad link, 410 for an expired one. */
export function badLinkPage(c: Context, s: Service, reason: 'invalid' | 'expired'): Response {
  const again = { href: `${s.base}/subscribe`, text: s.t.subscribeLink };
  return reason === 'expired'
    ? messagePage(c, s, 410, s.t.expiredLinkTitle, s.t.expiredLinkBody, again)
    : messagePage(c, s, 400, s.t.invalidLinkTitle, s.t.invalidLinkBody, again);
}
