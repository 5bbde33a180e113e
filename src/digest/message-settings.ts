import type { Config } from '../config/schema.js';
import { BroadsheetError, type Problem } from '../errors.js';
import type { Address } from '../email/headers.js';
import { formatListId } from '../email/headers.js';

/** The envelope-independent headers every digest message carries, from the config. */
export interface DigestMessageSettings {
  from: Address;
  replyTo?: Address | undefined;
  /** RFC 2919 List-Id value. */
  listId: string;
  unsubscribeMailto?: string | undefined;
  /** Right-hand side of Message-IDs: the From address's domain. */
  messageIdDomain: string;
}

/**
 * `newsletter.from`, `reply_to`, `list_id` (default: site.url's host) and
 * `unsubscribe_mailto` as message settings. Reports every missing key at once.
 */
export function digestMessageSettings(config: Pick<Config, 'site' | 'newsletter'>): DigestMessageSettings {
  const problems: Problem[] = [];
  const from = config.newsletter.from;
  if (!from) {
    problems.push({
      code: 'NewsletterFromMissing',
      message: 'newsletter.from is not set, so a digest has no sender',
      path: 'newsletter.from',
      hint: 'Set newsletter.from, e.g. "Example News <news@example.com>".',
    });
  }
  const identifier = config.newsletter.list_id ?? new URL(config.site.url).hostname;
  let listId = '';
  try {
    listId = formatListId(config.site.title, identifier);
  } catch (err) {
    problems.push({ code: 'ListIdInvalid', message: (err as Error).message, path: 'newsletter.list_id', hint: 'Use a dot-atom such as "news.example.org".' });
  }
  if (!from || problems.length > 0) throw new BroadsheetError(problems);
  return {
    from: { name: from.name ?? config.site.title, address: from.address },
    replyTo: config.newsletter.reply_to,
    listId,
    unsubscribeMailto: config.newsletter.unsubscribe_mailto,
    messageIdDomain: from.address.slice(from.address.lastIndexOf('@') + 1),
  };
}
