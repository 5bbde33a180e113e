import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { loadContent } from '../content/load-content.js';
import { buildTaxonomy } from '../content/taxonomy.js';
import { prepareEdition } from '../digest/prepare.js';
import { PREVIEW_KEY } from '../digest/preview.js';
import { selectEdition } from '../digest/select.js';
import { subscriptionLinks } from '../email/links.js';
import { createComposer, messageIdFor } from '../email/mime.js';
import { BroadsheetError } from '../errors.js';
import { openStore, storeExists } from '../store/open.js';
import type { MessageSettings } from './send-options.js';
import type { Transport } from './transport.js';

/**
 * The subject prefix of a test send, in the publication's language, so nobody takes
 * a test for the edition itself.
 */
export function testSubjectMarker(language: string): string {
  const tag = language.toLowerCase();
  if (/^zh-(tw|hk|mo|hant)/.test(tag)) return '[測試]';
  if (tag.startsWith('zh')) return '[测试]';
  return '[TEST]';
}

export interface TestSendOptions {
  config: Config;
  /** The edition's time: the edition a real send at this instant would create. */
  at: Date;
  addresses: string[];
  /** Read (never written) for the articles earlier editions held, when it exists. */
  storeFile: string;
  transport: Transport;
  message: MessageSettings;
  /** Signs the links; without one, a preview key that verifies nowhere. */
  secret: string | undefined;
  /** The Date header. */
  date: Date;
}

export interface TestSendResult {
  editionId: string;
  subject: string;
  articles: number;
  sent: Array<{ address: string; response: string }>;
}

/**
 * Sends the edition that would go out at `at` to `addresses` only, as a subscriber to
 * every topic gets it, its subject marked as a test. Records nothing: the store is
 * opened read-only (when it exists) for what earlier editions held, so the real send
 * afterwards still has every article.
 */
export async function sendTestEdition(o: TestSendOptions): Promise<TestSendResult> {
  const { config, at } = o;
  const { published } = await loadContent(config, { now: at });
  const { taxonomy } = buildTaxonomy(published, config);
  let held = new Set<string>();
  if (await storeExists(o.storeFile)) {
    const store = await openStore(o.storeFile, { readonly: true });
    try {
      held = await store.heldArticleIds(at);
    } finally {
      await store.close();
    }
  }
  const plan = selectEdition(published, config, { at, held, topics: taxonomy.topics });
  if (plan.articleIds.length === 0) {
    throw new BroadsheetError({
      code: 'NothingToSend',
      message: `No article is new for an edition at ${at.toISOString()} (${published.length} published, ${held.size} held by earlier editions)`,
      hint: 'A real send at this time would send nothing either. Pass --now for another time, or publish an article.',
    });
  }
  const rendered = await prepareEdition(plan, config);
  const composer = createComposer({ ...o.message, archiveUrl: rendered.webUrl, boundarySeed: plan.id });
  const marker = testSubjectMarker(config.site.language);
  const sent: TestSendResult['sent'] = [];
  let subject = '';
  for (const address of o.addresses) {
    // A fresh subscriber id per message: a test never shares a Message-ID with a delivery.
    const subscriberId = `test-${randomBytes(6).toString('hex')}`;
    const links = subscriptionLinks(config, o.secret || PREVIEW_KEY, subscriberId);
    const message = rendered.renderFor({ email: address, name: null, topics: [], ...links });
    if (!message) throw new Error('An edition with articles rendered nothing for a subscriber to every topic');
    subject = `${marker} ${message.subject}`;
    const raw = composer.compose({
      to: { address },
      subject,
      html: message.html,
      text: message.text,
      messageId: messageIdFor(plan.id, subscriberId, o.message.messageIdDomain),
      unsubscribeUrl: links.unsubscribeUrl,
      date: o.date,
    });
    const result = await o.transport.send({ from: o.message.from.address, to: address }, raw);
    sent.push({ address, response: result.response });
  }
  return { editionId: plan.id, subject, articles: plan.articleIds.length, sent };
}
