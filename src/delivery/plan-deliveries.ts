import { cutter } from '../digest/cut.js';
import type { RenderedEdition } from '../digest/types.js';
import { messageIdFor } from '../email/mime.js';
import type { Edition, PlannedDelivery, Store } from '../store/types.js';

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
  messageIdDomain: string;
  now: () => Date;
}): Promise<number> {
  const { store, edition, rendered } = input;
  const subscribers = await store.listSubscribers({ status: 'confirmed' });
  // The digest's own cut rule (the one renderFor applies): a subscriber whose topics
  // hold nothing this time gets no email. Deciding it needs no rendering.
  const cut = cutter(rendered.plan.sections);
  let added = 0;
  let page: PlannedDelivery[] = [];
  for (const s of subscribers) {
    if (cut(s.topics).length === 0) continue;
    page.push({ subscriberId: s.id, email: s.email, messageId: messageIdFor(edition.id, s.id, input.messageIdDomain) });
    if (page.length >= PAGE) {
      added += await store.planDeliveries(edition.id, page, input.now());
      page = [];
    }
  }
  if (page.length > 0) added += await store.planDeliveries(edition.id, page, input.now());
  return added;
}
