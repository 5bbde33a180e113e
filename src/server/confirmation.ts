import type { Subscriber } from '../store/types.js';
import { fill } from '../i18n/messages.js';
import { confirmToken, subscriberToken, type Service } from './service.js';

/**
 * The confirmation email and its "already subscribed" variant, rendered from
 * `templates/email/confirm.{html,txt}.hbs` and sent in the background: the HTTP answer
 * never waits for SMTP, and a failure is logged without the address or the token.
 */

function sender(s: Service): { name?: string; address: string } {
  const from = s.config.newsletter.from ?? (s.config.site.author?.email ? { name: s.config.site.title, address: s.config.site.author.email } : undefined);
  if (from) return from;
  // Unreachable through `broadsheet serve`, which requires newsletter.from; library users get a working default.
  return { name: s.config.site.title, address: `no-reply@${new URL(s.config.site.url).hostname}` };
}

function queue(s: Service, subscriber: Subscriber, subject: string, view: Record<string, unknown>): void {
  const to = subscriber.email;
  // By name when the reader gave one: a bare greeting reads as a form letter.
  const greeting = subscriber.name ? fill(s.t.confirmGreetingName, { name: subscriber.name }) : s.t.confirmGreeting;
  const { html, text } = s.templates.confirmEmail({
    lang: s.config.site.language,
    t: s.t,
    site: { title: s.config.site.title, url: s.config.site.url },
    subject,
    greeting,
    ...view,
  });
  s.background.run(
    () => s.transport.send({ from: sender(s), to, subject, html, text, headers: { 'Auto-Submitted': 'auto-generated' } }),
    (err) => s.log(`sending a confirmation email failed: ${describeFailure(err)}`),
  );
}

/** Sends a confirmation link for `subscriber` (issued at `now`, valid 48 hours). */
export function sendConfirmation(s: Service, subscriber: Subscriber, now: Date): void {
  const confirmUrl = `${s.baseUrl}/confirm?token=${encodeURIComponent(confirmToken(s, subscriber, now))}`;
  queue(s, subscriber, s.t.confirmSubject, { already: false, confirmUrl });
}

/** Tells a confirmed subscriber who signed up again where to manage their subscription. */
export function sendAlreadySubscribed(s: Service, subscriber: Subscriber): void {
  const preferencesUrl = `${s.baseUrl}/preferences?token=${encodeURIComponent(subscriberToken(s, 'preferences', subscriber.id))}`;
  queue(s, subscriber, s.t.alreadySubject, { already: true, preferencesUrl });
}

/**
 * An error as a log line without personal data: SMTP replies often quote the
 * recipient (`550 <a@b>: unknown user`), so only codes are kept.
 */
export function describeFailure(err: unknown): string {
  const e = err as { responseCode?: unknown; code?: unknown; command?: unknown };
  const parts: string[] = [];
  if (typeof e?.responseCode === 'number') parts.push(`SMTP ${e.responseCode}`);
  if (typeof e?.command === 'string') parts.push(`after ${e.command.split(' ')[0]}`);
  if (typeof e?.code === 'string') parts.push(e.code);
  return parts.length > 0 ? parts.join(', ') : err instanceof Error ? err.name : 'unknown error';
}
