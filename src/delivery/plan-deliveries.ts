import type { RenderedEdition } from '../digest/types.js';
import { messageIdFor } from '../email/mime.js';
import type { Edition, PlannedDelivery, Store } from '../store/types.js';
import type { SubscriptionLinks } from './send-options.js';

const PAGE = 500;

/**
 * Records one planned delivery per confirmed subscriber whose cut of the edition is not
 * empty, before any mail goes out. Insert-or-ignore, so it is safe to run again: a rerun
 * after a crash in the middle of planning finishes the plan, and a subscriber already
 * planned (or already sent to) is never planned twice. Rows go to the store in pages to
 * keep memory flat. Returns how many deliveries were new.
 */
export async function planDeliveries(input: {
  store: Store;
  edition: Edition;
  rendered: RenderedEdition;
  links: SubscriptionLinks;
  messageIdDomain: string;
  now: () => Date;
}): Promise<number> {
  const { store, edition, rendered } = input;
  const subscribers = await store.listSubscribers({ status: 'confirmed' });
  let added = 0;
  let page: PlannedDelivery[] = [];
  for (const s of subscribers) {
    const links = input.links(s.id);
    // The cut decides: a subscriber whose topics hold nothing this time gets no email.
    if (rendered.renderFor({ email: s.email, name: s.name, topics: s.topics, ...links }) === null) continue;
    page.push({ subscriberId: s.id, email: s.email, messageId: messageIdFor(edition.id, s.id, input.messageIdDomain) });
    if (page.length >= PAGE) {
      added += await store.planDeliveries(edition.id, page, input.now());
      page = [];
    }
  }
  if (page.length > 0) added += await store.planDeliveries(edition.id, page, input.now());
  return added;
}
