import type { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { BroadsheetError } from '../errors.js';
import type { SubscriberStore } from '../store/types.js';
import { BackgroundTasks } from './background.js';
import { feedLinks } from './feed-links.js';
import { requestLog, securityHeaders } from './headers.js';
import type { MailTransport } from './mail-transport.js';
import { messagesFor } from '../i18n/messages.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { DEFAULT_BODY_LIMIT } from './read-form.js';
import { registerConfirm } from './routes/confirm.js';
import { registerPreferences } from './routes/preferences.js';
import { registerSubscribe } from './routes/subscribe.js';
import { registerUnsubscribe } from './routes/unsubscribe.js';
import { messagePage, type Service, type TopicOption } from './service.js';
import { loadServiceTemplates, type ServiceTemplates } from './templates.js';

/** Everything the service needs, passed in. */
export interface AppDeps {
  config: Config;
  store: SubscriberStore;
  transport: MailTransport;
  clock: Clock;
  /** BROADSHEET_SECRET: signs and checks every token. */
  secret: string;
  /** The topics a reader may choose, in display order. */
  topics: TopicOption[];
  rateLimiter?: RateLimiter;
  /** Waits for queued emails; shutdown and tests call `idle()`. */
  background?: BackgroundTasks;
  /** Request and error log lines (never tokens or addresses). Default: none. */
  log?: (line: string) => void;
  /** Public base URL; default `newsletter.service_url`. */
  baseUrl?: string;
  /** Key for per-client rate limits; default `clientAddress(server.trust_proxy)`. */
  clientKey?: (c: Context) => string;
  /** Maximum request body in bytes (default 16 KB). */
  bodyLimit?: number;
  /** Already compiled templates (default: read from templates/ and digest.templates). */
  templates?: ServiceTemplates;
}

/**
 * The client's address for rate limits: the connection's remote address, or behind a
 * trusted reverse proxy (`server.trust_proxy`) the last X-Forwarded-For entry, which
 * is the one our proxy appended (entries before it are whatever the client claimed).
 */
export function clientAddress(trustProxy: boolean): (c: Context) => string {
  return (c) => {
    if (trustProxy) {
      const last = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
      if (last) return last;
    }
    const env = c.env as { incoming?: IncomingMessage } | undefined;
    return env?.incoming?.socket?.remoteAddress ?? 'unknown';
  };
}

/**
 * Builds the subscription service as a Hono app: pure in the sense that it opens no
 * port and reads no environment, so tests call `app.request()` in-process or serve it
 * on a real port alike.
 */
export function createApp(deps: AppDeps): Hono {
  const { config } = deps;
  const rawBase = deps.baseUrl ?? config.newsletter.service_url;
  if (!rawBase) {
    throw new BroadsheetError({
      code: 'ServiceUrlMissing',
      message: 'The subscription service needs its public URL for the links it sends',
      path: 'newsletter.service_url',
      hint: 'Set newsletter.service_url, e.g. "https://news.example.com".',
    });
  }
  const baseUrl = rawBase.replace(/\/+$/, '');
  const base = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const log = deps.log ?? (() => undefined);
  const s: Service = {
    config,
    store: deps.store,
    transport: deps.transport,
    clock: deps.clock,
    secret: deps.secret,
    topics: deps.topics,
    topicNames: new Set(deps.topics.map((t) => t.name)),
    limiter: deps.rateLimiter ?? createRateLimiter(deps.clock),
    background: deps.background ?? new BackgroundTasks(),
    templates: deps.templates ?? loadServiceTemplates(config),
    t: messagesFor(config),
    feeds: feedLinks(config),
    baseUrl,
    base,
    trustedOrigins: new Set([new URL(config.site.url).origin]),
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    secureCookies: baseUrl.startsWith('https:'),
    clientKey: deps.clientKey ?? clientAddress(config.server.trust_proxy),
    log,
  };

  const root = new Hono();
  const routes = ['/', '/subscribe', '/confirm', '/preferences', '/unsubscribe', '/health', '/assets/style.css'];
  // Our paths and the methods they take (for the log and for 405 answers).
  const allow = new Map(routes.map((r) => [`${base}${r}`, ['/subscribe', '/confirm', '/preferences', '/unsubscribe'].includes(r) ? 'GET, HEAD, POST' : 'GET, HEAD']));
  root.use('*', requestLog(new Set(allow.keys()), log));
  root.use('*', securityHeaders({ hsts: s.secureCookies }));
  const app = base ? root.basePath(base) : root;

  app.get('/', (c) => c.redirect(`${base}/subscribe`, 303));
  // Under a path, newsletter.service_url itself ends in "/" ("/newsletter/"): it must not be a 405.
  if (base) root.get(`${base}/`, (c) => c.redirect(`${base}/subscribe`, 303));
  app.get('/assets/style.css', (c) => {
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(s.templates.css, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });
  app.get('/health', async (c) => {
    try {
      await s.store.countSubscribersByStatus();
      return c.json({ status: 'ok', store: 'ok' });
    } catch {
      return c.json({ status: 'error', store: 'unavailable' }, 503);
    }
  });
  registerSubscribe(app, s);
  registerConfirm(app, s);
  registerPreferences(app, s);
  registerUnsubscribe(app, s);

  root.notFound((c) => {
    const allowed = allow.get(new URL(c.req.url).pathname);
    if (allowed) {
      c.header('Allow', allowed);
      return messagePage(c, s, 405, s.t.unsupportedTitle, s.t.unsupportedBody);
    }
    return messagePage(c, s, 404, s.t.notFoundTitle, s.t.notFoundBody, { href: `${base}/subscribe`, text: s.t.subscribeLink });
  });
  root.onError((err, c) => {
    log(`internal error: ${err instanceof Error ? `${err.name}: ${err.message}` : 'unknown'}`);
    return messagePage(c, s, 500, s.t.serverErrorTitle, s.t.serverErrorBody);
  });
  return root;
}
