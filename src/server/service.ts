import { createHmac } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { createToken } from '../email/tokens.js';
import { emailKey } from '../store/email-key.js';
import type { Subscriber } from '../store/types.js';
import type { AppDeps } from './app.js';
import type { BackgroundTasks } from './background.js';
import { CSRF_COOKIE, CSRF_MAX_AGE_SECONDS, createCsrfToken, isCsrfNonce, newCsrfNonce } from './csrf.js';
import type { FeedLink } from './feed-links.js';
import type { Messages } from '../i18n/catalogue-en.js';
import type { RateLimiter } from './rate-limit.js';
import type { PageName, ServiceTemplates } from './templates.js';

/**
 * What every route shares: the injected parts plus what was derived once at start-up
 * (templates, messages, the topic list). Routes get this, never globals.
 */

/** A topic a reader can choose: the name stored on subscribers and its display title. */
export interface TopicOption {
  name: string;
  title: string;
}

export interface Service extends Pick<AppDeps, 'config' | 'store' | 'transport' | 'clock' | 'secret' | 'topics'> {
  topicNames: ReadonlySet<string>;
  limiter: RateLimiter;
  background: BackgroundTasks;
  templates: ServiceTemplates;
  t: Messages;
  feeds: FeedLink[];
  /** Public base URL without a trailing slash, for links in emails. */
  baseUrl: string;
  /** Path prefix the routes live under ('' at the root), for links in pages. */
  base: string;
  /** Origins whose pages may post the subscribe form without our CSRF token (the static site). */
  trustedOrigins: ReadonlySet<string>;
  bodyLimit: number;
  /** Whether cookies get `Secure` (the service is reached over https). */
  secureCookies: boolean;
  /** The client key for rate limits. */
  clientKey(c: Context): string;
  log(line: string): void;
}

/** How long a confirmation link works. */
export const CONFIRM_TTL_MS = 48 * 3600_000;

/** The fields every page template sees. */
export function pageContext(s: Service, title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    lang: s.config.site.language,
    t: s.t,
    site: { title: s.config.site.title, url: s.config.site.url },
    base: s.base,
    feeds: s.feeds,
    title,
    ...extra,
  };
}

/** Renders a page as the response. Every HTML response is `no-store` (see headers middleware). */
export function renderPage(c: Context, s: Service, name: PageName, status: number, title: string, extra: Record<string, unknown> = {}): Response {
  return c.html(s.templates.page(name, pageContext(s, title, extra)), status as 200);
}

/** A one-message page (errors, invalid links). */
export function messagePage(c: Context, s: Service, status: number, title: string, message: string, link?: { href: string; text: string }): Response {
  return renderPage(c, s, 'message', status, title, { message, link });
}

/** The message page for a body that could not be read. */
export function formErrorPage(c: Context, s: Service, status: 400 | 413 | 415): Response {
  if (status === 413) return messagePage(c, s, 413, s.t.tooLargeTitle, s.t.tooLargeBody);
  return messagePage(c, s, status, s.t.unsupportedTitle, s.t.unsupportedBody);
}

/** The CSRF cookie's nonce, issuing a fresh cookie when the request has none. */
export function csrfNonce(c: Context, s: Service): string {
  const current = getCookie(c, CSRF_COOKIE);
  if (isCsrfNonce(current)) return current;
  const nonce = newCsrfNonce();
  setCookie(c, CSRF_COOKIE, nonce, {
    path: s.base || '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: s.secureCookies,
    maxAge: CSRF_MAX_AGE_SECONDS,
  });
  return nonce;
}

/** A hidden-field CSRF token for `form`, setting the cookie if needed. */
export function csrfField(c: Context, s: Service, form: string): string {
  return createCsrfToken(s.secret, csrfNonce(c, s), form, s.clock.now());
}

/** The topic checkboxes: known topics plus any the subscriber holds that are no longer known. */
export function topicChoices(s: Service, checked: readonly string[]): { name: string; title: string; checked: boolean }[] {
  const set = new Set(checked);
  const out = s.topics.map((t) => ({ name: t.name, title: t.title, checked: set.has(t.name) }));
  for (const name of checked) if (!s.topicNames.has(name)) out.push({ name, title: name, checked: true });
  return out;
}

/**
 * A short keyed tag of an address, bound into confirm tokens: a token stops working when
 * the subscriber's address changes, and the URL shows no address (nor an unkeyed hash
 * of one that a dictionary could reverse).
 */
export function addressTag(secret: string, email: string): string {
  return createHmac('sha256', secret).update(`broadsheet:address:${emailKey(email)}`).digest('base64url').slice(0, 16);
}

/** A confirm token: expires after CONFIRM_TTL_MS; binds the issue time and the address. */
export function confirmToken(s: Service, subscriber: Subscriber, now: Date): string {
  return createToken(s.secret, {
    purpose: 'confirm',
    subscriber: subscriber.id,
    expires: Math.floor((now.getTime() + CONFIRM_TTL_MS) / 1000),
    bind: `${now.getTime()}.${addressTag(s.secret, subscriber.email)}`,
  });
}

/** Reads a confirm token's binding back: when it was issued and for which address. */
export function parseConfirmBinding(bind: string | undefined): { issuedMs: number; tag: string } | undefined {
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{16})$/.exec(bind ?? '');
  return m ? { issuedMs: Number(m[1]), tag: m[2] ?? '' } : undefined;
}

/** Path (under `base`) of a token page, for links and form actions inside pages. */
export function tokenPath(s: Service, route: 'confirm' | 'preferences' | 'unsubscribe', token: string): string {
  return `${s.base}/${route}?token=${encodeURIComponent(token)}`;
}

/** Tokens that never expire (they ride in every digest): preferences and unsubscribe. */
export function subscriberToken(s: Service, purpose: 'preferences' | 'unsubscribe', subscriberId: string): string {
  return createToken(s.secret, { purpose, subscriber: subscriberId });
}
