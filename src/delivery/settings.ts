import fs from 'node:fs';
import path from 'node:path';
import { durationPattern, type Config } from '../config/schema.js';
import { createDkimSigner, type DkimSigner } from '../email/dkim.js';
import { formatListId } from '../email/headers.js';
import type { Problem } from '../errors.js';
import type { DeliverySettings, MessageSettings } from './send-options.js';

/**
 * Everything `send` needs from the config and the environment, checked at once so the
 * operator sees every problem in one run. Secrets are read here and never printed.
 */
export function messageSettings(config: Config, env: NodeJS.ProcessEnv, cwd: string): { message?: MessageSettings; problems: Problem[] } {
  const problems: Problem[] = [];
  const where = config.file ? { file: path.relative(cwd, config.file) || config.file } : {};
  const from = config.newsletter.from;
  if (!from) {
    problems.push({ code: 'NewsletterFromMissing', message: 'newsletter.from is not set, so digests have no sender', path: 'newsletter.from', ...where, hint: 'Set newsletter.from, e.g. "Example Weekly <news@example.org>".' });
  }
  if (!config.newsletter.service_url) {
    problems.push({ code: 'ServiceUrlMissing', message: 'newsletter.service_url is not set, so digests cannot carry unsubscribe links', path: 'newsletter.service_url', ...where, hint: 'Set it to the public address of "broadsheet serve", e.g. "https://subscribe.example.org/".' });
  }
  const host = new URL(config.site.url).hostname;
  let listId: string | undefined;
  try {
    listId = formatListId(config.site.title, config.newsletter.list_id ?? `digest.${host}`);
  } catch (err) {
    problems.push({ code: 'ListIdInvalid', message: (err as Error).message, path: 'newsletter.list_id', ...where, hint: 'Write a dot-separated identifier such as "weekly.example.org" (RFC 2919).' });
  }
  const domain = from?.address.split('@')[1] ?? host;
  const dkim = loadDkim(env, domain, cwd, problems);
  if (problems.length > 0 || !from || !listId) return { problems };
  return {
    problems,
    message: {
      from,
      replyTo: config.newsletter.reply_to,
      listId,
      unsubscribeMailto: config.newsletter.unsubscribe_mailto,
      messageIdDomain: domain,
      dkim,
    },
  };
}

/**
 * DKIM from `DKIM_PRIVATE_KEY` (PEM text, or a path to a PEM file), `DKIM_SELECTOR` and
 * `DKIM_DOMAIN` (default: the From address's domain). None set: no signing.
 */
export function loadDkim(env: NodeJS.ProcessEnv, defaultDomain: string, cwd: string, problems: Problem[]): DkimSigner | undefined {
  const keyValue = env.DKIM_PRIVATE_KEY?.trim();
  const selector = env.DKIM_SELECTOR?.trim();
  if (!keyValue && !selector) return undefined;
  const hint = 'Set DKIM_PRIVATE_KEY (PEM, or a path to a PEM file) and DKIM_SELECTOR together; DKIM_DOMAIN defaults to the From domain.';
  if (!keyValue || !selector) {
    problems.push({ code: 'DkimIncomplete', message: `${keyValue ? 'DKIM_SELECTOR' : 'DKIM_PRIVATE_KEY'} is not set but ${keyValue ? 'DKIM_PRIVATE_KEY' : 'DKIM_SELECTOR'} is`, hint });
    return undefined;
  }
  let pem = keyValue.replace(/\\n/g, '\n');
  if (!pem.startsWith('-----BEGIN')) {
    try {
      pem = fs.readFileSync(path.resolve(cwd, keyValue), 'utf8');
    } catch {
      problems.push({ code: 'DkimKeyUnreadable', message: 'DKIM_PRIVATE_KEY is neither a PEM key nor a readable file', hint });
      return undefined;
    }
  }
  try {
    return createDkimSigner({ domain: env.DKIM_DOMAIN?.trim() || defaultDomain, selector, privateKey: pem });
  } catch (err) {
    // The message names the problem, never the key.
    problems.push({ code: 'DkimKeyInvalid', message: `DKIM key rejected: ${(err as Error).message.split('\n')[0]}`, hint });
    return undefined;
  }
}

/** `delivery.*` from the config. */
export function deliverySettings(config: Config): DeliverySettings {
  const d = config.delivery;
  return {
    rate: d.rate,
    concurrency: d.concurrency,
    maxAttempts: d.max_attempts,
    maxBounces: d.max_bounces,
    retryBaseMs: d.retry_delay * 1000,
    retryCapMs: Math.max(d.retry_delay * 1000, 10 * 60 * 1000),
    giveUpAfterMs: durationMs(d.give_up_after),
  };
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `3d`, `36h`, `90m`, `2w` in milliseconds (the schema has checked the shape). */
export function durationMs(text: string): number {
  const m = durationPattern.exec(text.trim());
  const unit = m?.[2] ? UNIT_MS[m[2]] : undefined;
  if (!m?.[1] || unit === undefined) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * unit;
}
