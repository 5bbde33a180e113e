import type { Config } from '../config/schema.js';
import type { EditionStore } from '../store/types.js';
import type { Schedule } from './cron.js';
import { dueEdition, type DueDecision } from './due.js';
import { resolveLookback } from './lookback.js';

/**
 * The due decision for a store at `now`: reads the newest edition and applies
 * `dueEdition` with the configured look-back. Shared by `send --due`, `status` and
 * `schedule`, so they can never disagree about what is due.
 */
export async function resolveDueEdition(input: {
  config: Pick<Config, 'digest'>;
  schedule: Schedule;
  store: Pick<EditionStore, 'listEditions'> | undefined;
  now: Date;
}): Promise<DueDecision> {
  const newest = input.store ? (await input.store.listEditions(1))[0] : undefined;
  return dueEdition({
    schedule: input.schedule,
    now: input.now,
    // The same look-back edition selection uses: digest.lookback, else two periods.
    lookback: (at) => resolveLookback(input.config.digest.lookback, input.schedule, at),
    lastEditionAt: newest?.scheduledAt,
  });
}
