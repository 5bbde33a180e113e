import { cutter } from '../digest/cut.js';
import type { RenderedEdition } from '../digest/types.js';
import { messageIdFor } from '../email/mime.js';
import type { Edition, PlannedDelivery, Store } from '../store/types.js';

/** Subscribers read, and deliveries recorded, per round trip: memory stays flat in the list's length. */
const PAGE = 1000;

/**
 * Records one planned delivery per confirmed subscriber whose cut of the edition is not
 * empty, before any mail goes out. Insert-or-ignore, so it is safe to run again: a rerun
 * after a crash in the middle of planning finishes the plan, and a subscriber already
 * planned (or already sent to) is never planned twice. Subscribers are read, and rows
 * go to the store, a page at a time, so memory stays flat. Returns how many were new.
 */
export async function planDeliveries(input: {
  store: Store;
  edition: Edition;
  rendered: RenderedEdition;
  messageIdDomain: string;
  now: () => Date;
}): Promise<number> {
  const { store, edition, rendered } = input;
  // The digest's own cut rule (the one renderFor applies): a subscriber whose topics
  // hold nothing this time gets no email. Deciding it needs no rendering.
  const cut = cutter(rendered.plan.sections);
  let added = 0;
  for await (const subscribers of store.subscriberPages({ status: 'confirmed' }, PAGE)) {
    const page: PlannedDelivery[] = [];
    for (const s of subscribers) {
      if (cut(s.topics).length === 0) continue;
      page.push({ subscriberId: s.id, email: s.email, messageId: messageIdFor(edition.id, s.id, input.messageIdDomain) });
    }
    if (page.length > 0) added += await store.planDeliveries(edition.id, page, input.now());
  }
  return added;
}
