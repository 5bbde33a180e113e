import { BroadsheetError } from '../errors.js';
import { parseSchedule, type Schedule } from '../schedule/cron.js';
import { resolveLookback } from '../schedule/lookback.js';

export interface LookbackConfig {
  lookback?: string | undefined;
  schedule?: string | undefined;
}

/**
 * How far back an edition at `at` may reach, in milliseconds: `digest.lookback` when
 * set, else two schedule periods when `digest.schedule` is set, else 14 days. The rule
 * itself is the schedule module's, shared with `send --due`.
 */
export function lookbackMs(digest: LookbackConfig, timeZone: string, at: Date): number {
  let schedule: Schedule | undefined;
  if (digest.schedule !== undefined) {
    const parsed = parseSchedule(digest.schedule, timeZone);
    if ('error' in parsed) {
      throw new BroadsheetError({
        code: 'ScheduleInvalid',
        message: `digest.schedule: "${digest.schedule}" ${parsed.error}`,
        path: 'digest.schedule',
        hint: 'Write five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" for Mondays at 09:00.',
      });
    }
    schedule = parsed.schedule;
  }
  return resolveLookback(digest.lookback, schedule, at);
}
