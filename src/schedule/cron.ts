import { Cron } from 'croner';

/**
 * The digest schedule as pure time arithmetic: a 5-field cron expression read in an
 * IANA time zone. No clock is read here; every function takes the instant it reasons
 * about, so `send --due`, `status`, `schedule` and edition selection agree on the
 * same scheduled instants.
 *
 * Daylight-saving rules are croner's (the same as Vixie cron and croner-rust): a
 * fixed-time job (`30 2 * * *`) whose local time falls in a spring-forward gap runs
 * at the first valid time after the gap, and a local time that occurs twice on
 * fall-back day runs once, at its first occurrence; interval jobs (`*\/30 * * * *`)
 * skip the missing times and run on both occurrences of a repeated one.
 */

/** A parsed schedule: the expression, the zone it is read in, and croner's pattern. */
export interface Schedule {
  /** The expression as written in `digest.schedule`. */
  expression: string;
  /** IANA time zone the expression is read in. */
  timezone: string;
  /** @internal croner's job, paused: it is only used for arithmetic, never to run. */
  readonly cron: Cron;
}

/** Far enough to find the next run of any sensible schedule (croner stops at year 9999). */
const SEARCH_HORIZON_YEARS = 8;

/**
 * Parses a schedule. Returns the reason in words when the expression is not a
 * 5-field cron expression (or a nickname such as `@weekly`), or when it never
 * matches a real date (`0 9 30 2 *`).
 */
export function parseSchedule(expression: string, timezone: string): { schedule: Schedule } | { error: string } {
  let cron: Cron;
  try {
    cron = new Cron(expression.trim(), { timezone, paused: true, mode: '5-part' });
  } catch (err) {
    return { error: cronMessage(err) };
  }
  const schedule: Schedule = { expression, timezone, cron };
  // A pattern such as "0 9 30 2 *" parses but never fires: say so now rather than
  // silently never sending.
  let probe: Date | null = null;
  try {
    probe = cron.nextRun(new Date(Date.UTC(2000, 0, 1)));
  } catch (err) {
    return { error: cronMessage(err) };
  }
  if (!probe || probe.getUTCFullYear() > 2000 + SEARCH_HORIZON_YEARS) {
    return { error: 'never matches a date (check the day-of-month and month fields)' };
  }
  return { schedule };
}

/** Why croner rejected an expression, without its class-name prefix. */
function cronMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^CronPattern:\s*/, '').replace(/^CronDate:\s*/, '').split('. Original error')[0] ?? text;
}

/** A cron problem in words, or undefined when the expression is valid (for schema refinements). */
export function cronExpressionError(expression: string, timezone = 'UTC'): string | undefined {
  const result = parseSchedule(expression, timezone);
  return 'error' in result ? result.error : undefined;
}

/** The latest scheduled instant at or before `at`, or undefined when there is none. */
export function latestScheduledAtOrBefore(schedule: Schedule, at: Date): Date | undefined {
  // croner's previousRuns is strictly before its reference; scheduled instants are
  // whole minutes, so a reference 1 ms later includes a run exactly at `at`.
  const runs = schedule.cron.previousRuns(2, new Date(at.getTime() + 1));
  return runs.find((t) => t.getTime() <= at.getTime());
}

/** The first scheduled instant strictly after `at`, or undefined when there is none. */
export function nextScheduledAfter(schedule: Schedule, at: Date): Date | undefined {
  const next = schedule.cron.nextRun(at);
  if (!next) return undefined;
  // nextRun strips milliseconds from its reference; never hand back `at` itself.
  return next.getTime() > at.getTime() ? next : (schedule.cron.nextRun(new Date(at.getTime() + 1000)) ?? undefined);
}

/** The scheduled instant before `scheduledAt` (strictly earlier), or undefined. */
export function previousScheduledBefore(schedule: Schedule, scheduledAt: Date): Date | undefined {
  return schedule.cron.previousRuns(1, scheduledAt)[0];
}

/**
 * The schedule's period at `at`: the gap between the latest scheduled instant ≤ `at`
 * and the one before it, in milliseconds (for a scheduled instant, the time since the
 * previous one). For `0 9 * * 1` it is a week; for a daily schedule in a DST zone it
 * is 23 or 25 hours on change days; for `0 9 * * 1,4` it alternates between 3 and 4
 * days. Edition selection uses it for the default look-back (two periods).
 * Undefined when the schedule has no two runs before `at`.
 */
export function schedulePeriod(schedule: Schedule, at: Date): number | undefined {
  const latest = latestScheduledAtOrBefore(schedule, at);
  const before = latest ? previousScheduledBefore(schedule, latest) : undefined;
  return latest && before ? latest.getTime() - before.getTime() : undefined;
}
