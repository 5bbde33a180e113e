import type { Context, Hono } from 'hono';
import { readForm } from '../read-form.js';
import { csrfField, formErrorPage, renderPage, subscriberToken, tokenPath, topicChoices, type Service } from '../service.js';
import type { Subscriber } from '../../store/types.js';
import { badLinkPage, checkToken } from './token.js';

/**
 * GET/POST /unsubscribe?token= — the List-Unsubscribe URL of every digest.
 *
 * RFC 8058 one-click: a POST whose body is `List-Unsubscribe=One-Click`
 * (urlencoded or multipart) unsubscribes with no cookie, login, CSRF token or
 * redirect, answering 200 with a tiny text body; repeating it changes nothing more.
 * The page's own button POSTs `via=page` to the same URL and gets the "unsubscribed"
 * page. A GET only shows the button: scanners and link previews follow GETs.
 */

function unsubscribedPage(c: Context, s: Service, sub: Subscriber | undefined): Response {
  return renderPage(c, s, 'unsubscribed', 200, s.t.unsubscribedTitle, {
    csrf: csrfField(c, s, 'subscribe'),
    form: { email: sub?.email ?? '', name: sub?.name ?? '' },
    topics: topicChoices(s, sub?.topics ?? []),
  });
}

export function registerUnsubscribe(app: Hono, s: Service): void {
  app.get('/unsubscribe', async (c) => {
    const check = await checkToken(c, s, 'unsubscribe');
    if (!check.ok) return badLinkPage(c, s, check.reason);
    const sub = check.subscriber;
    if (sub?.status === 'unsubscribed') return unsubscribedPage(c, s, sub);
    return renderPage(c, s, 'unsubscribe', 200, s.t.unsubscribeTitle, {
      action: tokenPath(s, 'unsubscribe', check.token),
      preferencesUrl: sub ? tokenPath(s, 'preferences', subscriberToken(s, 'preferences', sub.id)) : undefined,
    });
  });

  app.post('/unsubscribe', async (c) => {
    const body = await readForm(c, s.bodyLimit);
    if (!body.ok) return formErrorPage(c, s, body.status);
    const oneClick = body.fields.get('List-Unsubscribe') === 'One-Click';
    const viaPage = body.fields.get('via') === 'page';
    const check = await checkToken(c, s, 'unsubscribe');
    if (!check.ok) return viaPage ? badLinkPage(c, s, check.reason) : c.text('Invalid or expired link.\n', 400);
    if (!oneClick && !viaPage) return c.text('Expected the body List-Unsubscribe=One-Click (RFC 8058).\n', 400);
    let sub = check.subscriber;
    // A valid token for a subscriber since deleted: there is nobody left to mail, so
    // the request has succeeded; answering 200 keeps mail clients from retrying.
    if (sub && sub.status !== 'unsubscribed') sub = (await s.store.setSubscriberStatus(sub.id, 'unsubscribed', s.clock.now())) ?? sub;
    if (oneClick && !viaPage) return c.text('Unsubscribed.\n', 200);
    return unsubscribedPage(c, s, sub);
  });
}
