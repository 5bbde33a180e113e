import type { LoadableStore, Store } from './types.js';

export interface CopyReport {
  subscribers: number;
  editions: number;
  deliveries: number;
}

/**
 * Copies everything in `from` into the empty store `to`, in one transaction there:
 * subscribers with their ids (so the tokens in mail already sent keep working),
 * editions oldest first with their deliveries in planning order, every time and state
 * as it is. Then reads both back and compares the counts, so a report of success is
 * one the target confirms.
 */
export async function copyStore(from: Store, to: LoadableStore): Promise<CopyReport> {
  const report: CopyReport = { subscribers: 0, editions: 0, deliveries: 0 };
  const editions = (await from.listEditions()).reverse();
  await to.load(async (writer) => {
    for await (const page of from.subscriberPages(undefined, 5000)) {
      await writer.subscribers(page);
      report.subscribers += page.length;
    }
    for (const edition of editions) {
      const deliveries = await from.listDeliveries(edition.id);
      await writer.edition(edition, deliveries);
      report.editions += 1;
      report.deliveries += deliveries.length;
    }
  });
  const mismatch: string[] = [];
  const same = (a: object, b: object): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (!same(await from.countSubscribersByStatus(), await to.countSubscribersByStatus())) mismatch.push('subscribers');
  for (const edition of editions) {
    if (!same(await from.countDeliveries(edition.id), await to.countDeliveries(edition.id))) mismatch.push(`deliveries of edition ${edition.id}`);
  }
  if ((await to.listEditions()).length !== editions.length) mismatch.push('editions');
  if (mismatch.length > 0) throw new Error(`The copy does not match its source: ${mismatch.join(', ')}`);
  return report;
}
