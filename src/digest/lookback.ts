import { Cron } from 'croner';
import { durationPattern } from '../config/schema.js';
import { BroadsheetError } from '../errors.js';

const DAY = 86_400_000;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY, w: 7 * DAY };

/** Milliseconds of a duration string such as `14d`, `36h`, `2w` or `90m` (validated by the schema). */
export function parseDuration(text: string): number {
  const m = durationPattern.exec(text.trim());
  if (!m) throw new BroadsheetError({ code: 'DurationInvalid', message: `"${text}" is not a duration such as "14d", "36h" or "2w"` });
  return Number(m[1]) * (UNIT_MS[m[2] ?? 'd'] ?? DAY);
}

/**
 * The length of the schedule period ending at or before `at`: the gap between the two
 * scheduled times that precede `at`, computed in `timeZone` (weekly → 7 days).
 */
export function schedulePeriod(schedule: string, timeZone: string, at: Date): number {
  let cron: Cron;
  try {
    cron = new Cron(schedule, { timezone: timeZone, paused: true });
  } catch (err) {
    throw new BroadsheetError({
      code: 'ScheduleInvalid',
      message: `digest.schedule "${schedule}" is not a cron expression: ${(err as Error).message}`,
      path: 'digest.schedule',
      hint: 'Write five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1" for Mondays at 09:00.',
    });
  }
  // previousRuns is strictly before the reference; +1 ms makes `at` itself count.
  const [last, before] = cron.previousRuns(2, new Date(at.getTime() + 1));
  if (!last || !before) return 7 * DAY;
  return last.getTime() - before.getTime();
}

export interface LookbackConfig {
  lookback?: string | undefined;
  schedule?: string | undefined;
}

/**
 * How far back an edition at `at` may reach: `digest.lookback` when set, else two
 * schedule periods when `digest.schedule` is set, else 14 days. Returns milliseconds.
 */
export function lookbackMs(digest: LookbackConfig, timeZone: string, at: Date): number {
  if (digest.lookback) return parseDuration(digest.lookback);
  if (digest.schedule) return 2 * schedulePeriod(digest.schedule, timeZone, at);
  return 14 * DAY;
}
