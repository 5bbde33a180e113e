import { getCookie } from 'hono/cookie';
import type { Context, Hono } from 'hono';
import type { Subscriber } from '../../store/types.js';
import { CSRF_COOKIE, verifyCsrfToken } from '../csrf.js';
import { readForm } from '../read-form.js';
import { parsePreferencesForm } from '../validate.js';
import { csrfField, formErrorPage, renderPage, subscriberToken, tokenPath, topicChoices, type Service } from '../service.js';
import { badLinkPage, checkToken } from './token.js';

/**
 * GET/POST /preferences?token=: the reader's topics and a way out. The preferences
 * token (from every digest) authorises the change; the form also carries a CSRF token
 * bound to this subscriber, so another site cannot submit it in the reader's browser.
 * A reader who left, or whose mail bounced, sees the subscribe form instead: coming
 * back takes a fresh double opt-in.
 */

const csrfForm = (id: string): string => `preferences:${id}`;

function preferencesPage(c: Context, s: Service, status: number, sub: Subscriber, token: string, extra: Record<string, unknown> = {}): Response {
  const active = sub.status === 'confirmed' || sub.status === 'pending';
  const statusNote =
    sub.status === 'pending' ? s.t.preferencesPending : sub.status === 'unsubscribed' ? s.t.preferencesUnsubscribed : sub.status === 'bounced' ? s.t.preferencesBounced : undefined;
  return renderPage(c, s, 'preferences', status, s.t.preferencesTitle, {
    active,
    statusNote,
    action: tokenPath(s, 'preferences', token),
    unsubscribeAction: tokenPath(s, 'unsubscribe', subscriberToken(s, 'unsubscribe', sub.id)),
    topics: topicChoices(s, sub.topics),
    ...(active
      ? { preferencesCsrf: csrfField(c, s, csrfForm(sub.id)) }
      : { csrf: csrfField(c, s, 'subscribe'), form: { email: sub.email, name: sub.name ?? '' } }),
    ...extra,
  });
}

export function registerPreferences(app: Hono, s: Service): void {
  app.get('/preferences', async (c) => {
    const check = await checkToken(c, s, 'preferences');
    if (!check.ok) return badLinkPage(c, s, check.reason);
    if (!check.subscriber) return badLinkPage(c, s, 'invalid');
    return preferencesPage(c, s, 200, check.subscriber, check.token);
  });

  app.post('/preferences', async (c) => {
    const body = await readForm(c, s.bodyLimit);
    if (!body.ok) return formErrorPage(c, s, body.status);
    const check = await checkToken(c, s, 'preferences');
    if (!check.ok) return badLinkPage(c, s, check.reason);
    const sub = check.subscriber;
    if (!sub) return badLinkPage(c, s, 'invalid');
    const now = s.clock.now();
    if (!verifyCsrfToken(s.secret, getCookie(c, CSRF_COOKIE), csrfForm(sub.id), body.fields.get('csrf') ?? undefined, now)) {
      return preferencesPage(c, s, 403, sub, check.token, { notice: s.t.formExpiredBody });
    }
    // Topics the subscriber already holds stay choosable even if no article uses them now.
    const parsed = parsePreferencesForm(body.fields, new Set([...s.topicNames, ...sub.topics]));
    if (!parsed.ok) return preferencesPage(c, s, 400, sub, check.token, { errors: [s.t.errorTopics], topicsInvalid: true });
    const updated = (await s.store.setSubscriberTopics(sub.id, parsed.value.topics, now)) ?? sub;
    return preferencesPage(c, s, 200, updated, check.token, { notice: s.t.savedNotice });
  });
}
