import { BroadsheetError } from '../errors.js';

/** The error for a copy into a store that already holds something. */
export function storeNotEmpty(shown: string, subscribers: number, editions: number): BroadsheetError {
  return new BroadsheetError({
    code: 'StoreNotEmpty',
    message: `The store to copy into is not empty (${subscribers} subscriber${subscribers === 1 ? '' : 's'}, ${editions} edition${editions === 1 ? '' : 's'})`,
    file: shown,
    hint: 'Copy into a new, empty store: a fresh file, or a database without the broadsheet schema. Nothing was written.',
  });
}
