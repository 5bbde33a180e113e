import type { Config } from '../config/schema.js';
import type { EditionStore } from '../store/types.js';
import type { Schedule } from './cron.js';
import type { DueDecision } from './due.js';
import { resolveDueEdition } from './resolve-due.js';

/** What a `--due` run does: the decision, and the time to hand to the send loop. */
export interface DueRun {
  decision: DueDecision;
  /**
   * The edition time for `sendEdition({ at })`, or undefined when there is nothing
   * to do. When nothing is due but an edition is unfinished, this is the newest
   * edition's own time: the send loop then resumes what is unfinished and, finding
   * an edition at that time, creates nothing new.
   */
  at: Date | undefined;
  /** True when the run will create an edition (rather than only resume). */
  creates: boolean;
}

/**
 * Turns the due decision into a send-loop call for `send --due` and `schedule`.
 * A second trigger for the same time still finishes an unfinished edition (the send
 * loop's resume step) without creating one.
 */
export async function planDueRun(input: {
  config: Pick<Config, 'digest'>;
  schedule: Schedule;
  /** Undefined when the store does not exist yet: no editions at all. */
  store: Pick<EditionStore, 'listEditions' | 'unfinishedEditions'> | undefined;
  now: Date;
}): Promise<DueRun> {
  const decision = await resolveDueEdition(input);
  if (decision.due) return { decision, at: decision.at, creates: true };
  const unfinished = input.store ? await input.store.unfinishedEditions() : [];
  if (!input.store || unfinished.length === 0) return { decision, at: undefined, creates: false };
  const newest = (await input.store.listEditions(1))[0];
  return { decision, at: newest?.scheduledAt, creates: false };
}
