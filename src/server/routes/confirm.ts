import type { Context, Hono } from 'hono';
import type { Subscriber } from '../../store/types.js';
import { readForm } from '../read-form.js';
import { addressTag, formErrorPage, messagePage, parseConfirmBinding, renderPage, subscriberToken, tokenPath, type Service } from '../service.js';
import { badLinkPage, checkToken } from './token.js';

/**
 * GET/POST /confirm?token=. The link in the confirmation email opens a page with a
 * "Confirm" button; only the button's POST confirms. Mail scanners (Outlook Safe
 * Links, corporate gateways) fetch every link in a message, so a GET that confirmed
 * would subscribe anyone whose address a stranger typed in. No JavaScript auto-submit
 * either: the CSP forbids inline script, and a scanner running scripts would press it.
 */

type Verdict =
  | { kind: 'bad'; reason: 'invalid' | 'expired' }
  | { kind: 'stale' }
  | { kind: 'confirmed'; subscriber: Subscriber }
  | { kind: 'ready'; subscriber: Subscriber; token: string };

async function judge(c: Context, s: Service): Promise<Verdict> {
  const check = await checkToken(c, s, 'confirm');
  if (!check.ok) return { kind: 'bad', reason: check.reason };
  const sub = check.subscriber;
  const bind = parseConfirmBinding(check.claims.bind);
  // The token was issued for this subscriber's current address.
  if (!sub || !bind || bind.tag !== addressTag(s.secret, sub.email)) return { kind: 'bad', reason: 'invalid' };
  if (sub.status === 'confirmed') return { kind: 'confirmed', subscriber: sub };
  // A link issued before the reader unsubscribed must not bring them back: only a
  // sign-up made after leaving (and its fresh link) can.
  if (sub.status === 'unsubscribed' && sub.unsubscribedAt && bind.issuedMs < sub.unsubscribedAt.getTime()) return { kind: 'stale' };
  return { kind: 'ready', subscriber: sub, token: check.token };
}

function confirmedPage(c: Context, s: Service, sub: Subscriber): Response {
  return renderPage(c, s, 'confirmed', 200, s.t.confirmedTitle, {
    preferencesUrl: tokenPath(s, 'preferences', subscriberToken(s, 'preferences', sub.id)),
  });
}

function otherwise(c: Context, s: Service, v: Exclude<Verdict, { kind: 'ready' }>): Response {
  if (v.kind === 'bad') return badLinkPage(c, s, v.reason);
  if (v.kind === 'stale') return messagePage(c, s, 410, s.t.expiredLinkTitle, s.t.staleConfirmBody, { href: `${s.base}/subscribe`, text: s.t.subscribeLink });
  return confirmedPage(c, s, v.subscriber);
}

export function registerConfirm(app: Hono, s: Service): void {
  app.get('/confirm', async (c) => {
    const v = await judge(c, s);
    if (v.kind !== 'ready') return otherwise(c, s, v);
    return renderPage(c, s, 'confirm', 200, s.t.confirmTitle, { action: tokenPath(s, 'confirm', v.token) });
  });

  // The token in the URL is the authority (only the mailbox owner has it), so this form
  // needs no CSRF token; its body is empty but must still be a form.
  app.post('/confirm', async (c) => {
    const body = await readForm(c, s.bodyLimit);
    if (!body.ok) return formErrorPage(c, s, body.status);
    const v = await judge(c, s);
    if (v.kind !== 'ready') return otherwise(c, s, v);
    const sub = (await s.store.setSubscriberStatus(v.subscriber.id, 'confirmed', s.clock.now())) ?? v.subscriber;
    return confirmedPage(c, s, sub);
  });
}
