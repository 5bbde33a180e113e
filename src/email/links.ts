import type { Config } from '../config/schema.js';
import { BroadsheetError } from '../errors.js';
import { createToken } from './tokens.js';

/** A subscriber's personal links, printed in every digest and in List-Unsubscribe. */
export interface SubscriptionLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
}

/** The subscription service's paths; `broadsheet serve` answers on exactly these. */
export const UNSUBSCRIBE_PATH = 'unsubscribe';
export const PREFERENCES_PATH = 'preferences';

/**
 * `<service_url>/unsubscribe?token=…` and `<service_url>/preferences?token=…`, each with
 * a token signed for its purpose (src/email/tokens.ts). They never expire: an
 * unsubscribe link must work from an old email.
 */
export function subscriptionLinks(config: Pick<Config, 'newsletter'>, secret: string, subscriberId: string): SubscriptionLinks {
  const base = serviceBase(config);
  const link = (purpose: 'unsubscribe' | 'preferences', pathName: string): string => {
    const url = new URL(pathName, base);
    url.searchParams.set('token', createToken(secret, { purpose, subscriber: subscriberId }));
    return url.href;
  };
  return { unsubscribeUrl: link('unsubscribe', UNSUBSCRIBE_PATH), preferencesUrl: link('preferences', PREFERENCES_PATH) };
}

/** `newsletter.service_url` with a trailing slash, so paths resolve under it. */
function serviceBase(config: Pick<Config, 'newsletter'>): string {
  const url = config.newsletter.service_url;
  if (!url) {
    throw new BroadsheetError({
      code: 'ServiceUrlMissing',
      message: 'newsletter.service_url is not set, so digests cannot carry unsubscribe and preferences links',
      path: 'newsletter.service_url',
      hint: 'Set newsletter.service_url to the public address of `broadsheet serve`, e.g. "https://subscribe.example.com/".',
    });
  }
  return url.endsWith('/') ? url : `${url}/`;
}
