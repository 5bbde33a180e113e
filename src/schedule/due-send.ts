import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Schedule } from './cron.js';
import { describeDecision, type DueDecision } from './due.js';
import { planDueRun } from './due-run.js';
import { formatScheduled } from './format.js';
import { isPostgresUrl } from '../store/store-path.js';

export interface DueSendInput {
  config: Config;
  schedule: Schedule;
  /** Absolute path of the SQLite store (it may not exist yet), or a PostgreSQL URL. */
  storeFile: string;
  /** When the trigger fired. */
  now: Date;
  /** The send command's own work for an edition time (creates or resumes, then sends); returns its exit code. */
  send: (at: Date) => Promise<number>;
  log: (line: string) => void;
}

/**
 * One `--due` run: decide from the schedule and the store, then hand the edition
 * time to the ordinary send. Nothing due and nothing unfinished is success (exit 0):
 * a trigger that finds no work is the normal case for an hourly workflow.
 */
export async function runDueSend(input: DueSendInput): Promise<{ code: number; decision: DueDecision; sent: boolean }> {
  const { schedule } = input;
  // Decide without creating the store; the send creates it when there is work.
  const { openStore, storeExists } = await import('../store/open.js');
  const store = (await storeExists(input.storeFile)) ? await openStore(input.storeFile) : undefined;
  let plan: Awaited<ReturnType<typeof planDueRun>>;
  try {
    plan = await planDueRun({ config: input.config, schedule, store, now: input.now });
  } finally {
    await store?.close();
  }
  const when = (t: Date): string => formatScheduled(t, schedule.timezone);
  input.log(describeDecision(plan.decision, when));
  if (!plan.at) return { code: 0, decision: plan.decision, sent: false };
  if (!plan.creates) input.log(`Finishing the unfinished edition first; no new edition is created.`);
  // A first run has no state/ folder yet; the send's lock file goes next to the store.
  if (!isPostgresUrl(input.storeFile)) fs.mkdirSync(path.dirname(input.storeFile), { recursive: true });
  const code = await input.send(plan.at);
  return { code, decision: plan.decision, sent: true };
}
