import type { Context, Hono } from 'hono';
import { CSRF_COOKIE, verifyCsrfToken } from '../csrf.js';
import { getCookie } from 'hono/cookie';
import { readForm } from '../read-form.js';
import { parseSubscribeForm, type FieldError, type SubscribeInput } from '../validate.js';
import { csrfField, formErrorPage, messagePage, renderPage, topicChoices, type Service } from '../service.js';
import { sendAlreadySubscribed, sendConfirmation } from '../confirmation.js';
import { emailKey } from '../../store/email-key.js';

/**
 * GET/POST /subscribe. The POST answers every valid sign-up with the same "check your
 * inbox" page whether the address is new, pending, confirmed, unsubscribed or over its
 * rate limit, and records the sign-up and sends mail after answering, so neither the
 * page nor its timing tells whether an address is on the list.
 */

interface FormValues {
  email: string;
  name: string;
  topics: string[];
}

/** Renders the subscribe page (also used to re-show a rejected form with its values). */
export function subscribePage(c: Context, s: Service, status: number, values: FormValues, extra: Record<string, unknown> = {}): Response {
  return renderPage(c, s, 'subscribe', status, s.t.subscribeTitle, {
    csrf: csrfField(c, s, 'subscribe'),
    form: values,
    topics: topicChoices(s, values.topics.filter((t) => s.topicNames.has(t))),
    ...extra,
  });
}

const ERROR_KEYS: Record<FieldError, 'errorEmail' | 'errorName' | 'errorTopics'> = { email: 'errorEmail', name: 'errorName', topics: 'errorTopics' };

/** Where a cross-site form came from: Origin, else the Referer's origin. */
function requestOrigin(c: Context): string | undefined {
  const origin = c.req.header('origin');
  if (origin) return origin;
  const referer = c.req.header('referer');
  if (!referer || !URL.canParse(referer)) return undefined;
  return new URL(referer).origin;
}

export function registerSubscribe(app: Hono, s: Service): void {
  app.get('/subscribe', (c) => subscribePage(c, s, 200, { email: '', name: '', topics: [] }));

  app.post('/subscribe', async (c) => {
    const body = await readForm(c, s.bodyLimit);
    if (!body.ok) return formErrorPage(c, s, body.status);
    const fields = body.fields;
    const values: FormValues = { email: fields.get('email') ?? '', name: fields.get('name') ?? '', topics: fields.getAll('topics') };

    // Our own form carries a CSRF token; the embeddable snippet on the static site
    // cannot, so a post whose Origin is the site's is accepted without one. Either way
    // nothing changes for anyone until the address owner confirms from their inbox.
    const origin = requestOrigin(c);
    const csrfOk =
      verifyCsrfToken(s.secret, getCookie(c, CSRF_COOKIE), 'subscribe', fields.get('csrf') ?? undefined, s.clock.now()) ||
      (origin !== undefined && s.trustedOrigins.has(origin));
    if (!csrfOk) {
      return subscribePage(c, s, 403, values, { notice: s.t.formExpiredBody });
    }

    const parsed = parseSubscribeForm(fields, s.topicNames);
    if (!parsed.ok) {
      return subscribePage(c, s, 400, values, {
        errors: parsed.errors.map((e) => s.t[ERROR_KEYS[e]]),
        emailInvalid: parsed.errors.includes('email'),
        nameInvalid: parsed.errors.includes('name'),
        topicsInvalid: parsed.errors.includes('topics'),
      });
    }

    const client = s.clientKey(c);
    if (!s.limiter.take('client', client)) {
      c.header('Retry-After', String(Math.max(1, s.limiter.retryAfter('client', client))));
      return messagePage(c, s, 429, s.t.tooManyTitle, s.t.tooManyBody);
    }
    // Over the per-address limit: the same page, but no store change and no email.
    // Within it, the store work happens after the answer too: whether the address was
    // new (an insert) or confirmed (a read) must not show in the response time.
    // Keyed like the store keys subscribers (NFC, lower case), so respelling one address
    // (É/é, a composed or decomposed accent, the domain's case) is still one address.
    if (s.limiter.take('address', emailKey(parsed.value.email))) {
      const input = parsed.value;
      s.background.run(
        () => signUp(s, input),
        (err) => s.log(`recording a sign-up failed: ${err instanceof Error ? err.name : 'unknown error'}`),
      );
    }
    return renderPage(c, s, 'check-inbox', 200, s.t.checkInboxTitle);
  });
}

/**
 * Records the sign-up and queues the right email. A confirmed subscriber is left as is
 * (an unauthenticated form must not change their topics) and gets a "you are already
 * subscribed" email with their preferences link. Anyone else is stored or updated with
 * the chosen topics (the store keeps `unsubscribed`/`bounced` until they confirm) and
 * gets a fresh confirmation link.
 */
async function signUp(s: Service, input: SubscribeInput): Promise<void> {
  const now = s.clock.now();
  const existing = await s.store.findSubscriberByEmail(input.email);
  if (existing?.status === 'confirmed') {
    sendAlreadySubscribed(s, existing);
    return;
  }
  const subscriber = await s.store.upsertSubscriber(
    { email: input.email, topics: input.topics, status: 'pending', source: 'web', ...(input.name !== null ? { name: input.name } : {}) },
    now,
  );
  sendConfirmation(s, subscriber, now);
}
