import type { Config } from '../config/schema.js';
import { loadContent } from '../content/load-content.js';
import { buildTaxonomy } from '../content/taxonomy.js';
import { messageSettings } from '../delivery/settings.js';
import { prepareEdition } from '../digest/prepare.js';
import { PREVIEW_ADDRESS, PREVIEW_KEY, PREVIEW_SUBSCRIBER } from '../digest/preview.js';
import { selectEdition } from '../digest/select.js';
import { subscriptionLinks } from '../email/links.js';
import { createComposer, messageIdFor } from '../email/mime.js';
import { BroadsheetError } from '../errors.js';
import { openStore, storeExists } from '../store/open.js';
import { resolveStorePath } from '../store/store-path.js';
import type { PreviewEmail } from './rebuild.js';

/**
 * The next edition for the preview's /email page: the articles a send at `at` would
 * hold (the store, when it exists, is only read), rendered once; each topic cut is
 * then composed with the headers a subscriber gets.
 */
export async function previewEmail(
  config: Config,
  o: { at: Date; env: NodeJS.ProcessEnv; cwd: string; storeFlag: string | undefined },
): Promise<{ email?: PreviewEmail; note?: string }> {
  const { message: settings, problems } = messageSettings(config, o.env, o.cwd);
  if (!settings) throw new BroadsheetError(problems);
  // What a send now would send: drafts and future articles are never in an edition.
  const { published } = await loadContent(config, { now: o.at });
  const { taxonomy } = buildTaxonomy(published, config);
  const storeFile = resolveStorePath(o.storeFlag, o.env, config, o.cwd);
  let held = new Set<string>();
  if (await storeExists(storeFile)) {
    const store = await openStore(storeFile, { readonly: true });
    try {
      held = await store.heldArticleIds(o.at);
    } finally {
      await store.close();
    }
  }
  const plan = selectEdition(published, config, { at: o.at, held, topics: taxonomy.topics });
  if (plan.articleIds.length === 0) {
    return { note: `No article is new for an edition now: ${published.length} published, ${held.size} held by earlier editions. A send now would send nothing.` };
  }
  const rendered = await prepareEdition(plan, config);
  const links = subscriptionLinks(config, o.env.BROADSHEET_SECRET || PREVIEW_KEY, PREVIEW_SUBSCRIBER);
  const composer = createComposer({ ...settings, archiveUrl: rendered.webUrl, boundarySeed: plan.id });
  return {
    email: {
      rendered,
      topics: plan.sections.map((s) => ({ topic: s.topic, title: s.title })),
      compose(topics) {
        const message = rendered.renderFor({ email: PREVIEW_ADDRESS, name: null, topics, ...links });
        if (!message) return null;
        const eml = composer.compose({
          to: { address: PREVIEW_ADDRESS },
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId: messageIdFor(plan.id, PREVIEW_SUBSCRIBER, settings.messageIdDomain),
          unsubscribeUrl: links.unsubscribeUrl,
          date: o.at,
        });
        const end = eml.search(/\r?\n\r?\n/);
        return { ...message, headers: end === -1 ? eml : eml.slice(0, end) };
      },
    },
  };
}
