import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseSchedule,
  latestScheduledAtOrBefore,
  nextScheduledAfter,
  schedulePeriod,
  cronExpressionError,
  type Schedule,
} from '../../src/schedule/cron.js';
import { parseDuration, resolveLookback, FALLBACK_LOOKBACK_MS } from '../../src/schedule/lookback.js';
import { formatScheduled } from '../../src/schedule/format.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function schedule(expression: string, timezone: string): Schedule {
  const r = parseSchedule(expression, timezone);
  if ('error' in r) throw new Error(r.error);
  return r.schedule;
}

/** Local wall-clock time of an instant in a zone, `YYYY-MM-DD HH:MM`, computed by Intl (independent of croner). */
function wall(at: Date, timeZone: string): string {
  return formatScheduled(at, timeZone).split(' ').slice(0, 2).join(' ');
}

/** Every scheduled instant in [from, to), by stepping nextScheduledAfter. */
function runsBetween(s: Schedule, from: Date, to: Date): Date[] {
  const out: Date[] = [];
  let t = nextScheduledAfter(s, new Date(from.getTime() - 1));
  while (t && t < to) {
    out.push(t);
    t = nextScheduledAfter(s, t);
  }
  return out;
}

test('Asia/Shanghai (no DST): Monday 09:00 local is 01:00 UTC', () => {
  const s = schedule('0 9 * * 1', 'Asia/Shanghai');
  // 2026-11-23 is a Monday.
  const now = new Date('2026-11-25T12:00:00Z');
  assert.equal(latestScheduledAtOrBefore(s, now)?.toISOString(), '2026-11-23T01:00:00.000Z');
  assert.equal(nextScheduledAfter(s, now)?.toISOString(), '2026-11-30T01:00:00.000Z');
  assert.equal(schedulePeriod(s, new Date('2026-11-23T01:00:00Z')), 7 * DAY);
});

test('a scheduled instant is "at or before" itself, and the next one is strictly after it', () => {
  const s = schedule('0 9 * * 1', 'Asia/Shanghai');
  const at = new Date('2026-11-23T01:00:00Z');
  assert.equal(latestScheduledAtOrBefore(s, at)?.toISOString(), at.toISOString());
  assert.equal(latestScheduledAtOrBefore(s, new Date(at.getTime() - 1))?.toISOString(), '2026-11-16T01:00:00.000Z');
  assert.equal(nextScheduledAfter(s, at)?.toISOString(), '2026-11-30T01:00:00.000Z');
  assert.equal(nextScheduledAfter(s, new Date(at.getTime() - 1))?.toISOString(), at.toISOString());
});

test('America/New_York spring forward: 02:30 does not exist on 2026-03-08 and the job runs once at 03:00 EDT', () => {
  const s = schedule('30 2 * * *', 'America/New_York');
  const runs = runsBetween(s, new Date('2026-03-07T00:00:00Z'), new Date('2026-03-10T00:00:00Z'));
  assert.deepEqual(
    runs.map((t) => wall(t, 'America/New_York')),
    ['2026-03-07 02:30', '2026-03-08 03:00', '2026-03-09 02:30'],
  );
  assert.deepEqual(
    runs.map((t) => t.toISOString()),
    ['2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z'],
  );
  // Every trigger between two runs finds the same scheduled instant as the enumeration.
  for (let t = runs[0]!.getTime(); t < new Date('2026-03-10T00:00:00Z').getTime(); t += 17 * 60_000) {
    const latest = latestScheduledAtOrBefore(s, new Date(t));
    const expected = runs.filter((r) => r.getTime() <= t).at(-1);
    assert.equal(latest?.toISOString(), expected?.toISOString(), `at ${new Date(t).toISOString()}`);
  }
  // The period into the gap day is 23.5 h (02:30 EST → 03:00 EDT), then 23.5 h back to 02:30.
  assert.equal(schedulePeriod(s, runs[1]!), 23.5 * HOUR);
  assert.equal(schedulePeriod(s, runs[2]!), 23.5 * HOUR);
});

test('America/New_York fall back: 01:30 happens twice on 2026-11-01 but the job fires once', () => {
  const s = schedule('30 1 * * *', 'America/New_York');
  const runs = runsBetween(s, new Date('2026-10-31T00:00:00Z'), new Date('2026-11-03T00:00:00Z'));
  assert.deepEqual(
    runs.map((t) => t.toISOString()),
    // 01:30 EDT (UTC-4), 01:30 EDT on the change day (first occurrence only), then 01:30 EST (UTC-5).
    ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
  );
  // A trigger during the second 01:30 (EST) still resolves to the first occurrence: no second edition.
  const secondOccurrence = new Date('2026-11-01T06:30:00Z');
  assert.equal(wall(secondOccurrence, 'America/New_York'), '2026-11-01 01:30');
  assert.equal(latestScheduledAtOrBefore(s, secondOccurrence)?.toISOString(), '2026-11-01T05:30:00.000Z');
  assert.equal(nextScheduledAfter(s, secondOccurrence)?.toISOString(), '2026-11-02T06:30:00.000Z');
  assert.equal(schedulePeriod(s, runs[2]!), 25 * HOUR);
});

test('interval schedules skip the gap and run on both occurrences of a repeated hour', () => {
  const s = schedule('0 * * * *', 'America/New_York');
  const fallBack = runsBetween(s, new Date('2026-11-01T04:00:00Z'), new Date('2026-11-01T08:00:00Z'));
  // 00:00, 01:00 EDT, 01:00 EST, 02:00 EST: four distinct hourly instants, one hour apart.
  assert.deepEqual(
    fallBack.map((t) => wall(t, 'America/New_York')),
    ['2026-11-01 00:00', '2026-11-01 01:00', '2026-11-01 01:00', '2026-11-01 02:00'],
  );
  assert.deepEqual(fallBack.slice(1).map((t, i) => t.getTime() - fallBack[i]!.getTime()), [HOUR, HOUR, HOUR]);
  const springForward = runsBetween(s, new Date('2026-03-08T05:00:00Z'), new Date('2026-03-08T08:00:00Z'));
  assert.deepEqual(
    springForward.map((t) => wall(t, 'America/New_York')),
    ['2026-03-08 00:00', '2026-03-08 01:00', '2026-03-08 03:00'],
  );
});

test('Europe/London: 01:00 daily moves from 01:00 UTC (GMT) to 00:00 UTC (BST) on 2026-03-29', () => {
  const s = schedule('0 1 * * *', 'Europe/London');
  const runs = runsBetween(s, new Date('2026-03-28T00:00:00Z'), new Date('2026-03-31T00:00:00Z'));
  // 01:00 does not exist on the change day (clocks go 01:00 → 02:00): it runs at 02:00 BST = 01:00 UTC.
  assert.deepEqual(
    runs.map((t) => t.toISOString()),
    ['2026-03-28T01:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:00:00.000Z'],
  );
  assert.deepEqual(runs.map((t) => wall(t, 'Europe/London')), ['2026-03-28 01:00', '2026-03-29 02:00', '2026-03-30 01:00']);
  // Autumn: 09:00 on Mondays stays 09:00 local across the change on 2026-10-25.
  const weekly = schedule('0 9 * * 1', 'Europe/London');
  assert.equal(latestScheduledAtOrBefore(weekly, new Date('2026-10-24T12:00:00Z'))?.toISOString(), '2026-10-19T08:00:00.000Z');
  assert.equal(latestScheduledAtOrBefore(weekly, new Date('2026-10-27T12:00:00Z'))?.toISOString(), '2026-10-26T09:00:00.000Z');
  assert.equal(schedulePeriod(weekly, new Date('2026-10-26T09:00:00Z')), 7 * DAY + HOUR);
});

test('the same expression means different instants in different zones', () => {
  const now = new Date('2026-07-01T12:00:00Z');
  const at = (tz: string): string | undefined => latestScheduledAtOrBefore(schedule('0 9 * * *', tz), now)?.toISOString();
  assert.equal(at('Asia/Shanghai'), '2026-07-01T01:00:00.000Z');
  assert.equal(at('Europe/London'), '2026-07-01T08:00:00.000Z');
  assert.equal(at('America/New_York'), '2026-06-30T13:00:00.000Z');
  assert.equal(at('UTC'), '2026-07-01T09:00:00.000Z');
});

test('invalid expressions are explained; valid ones and nicknames pass', () => {
  assert.match(cronExpressionError('0 9 * *') ?? '', /five/);
  assert.match(cronExpressionError('61 9 * * *') ?? '', /minute/);
  assert.match(cronExpressionError('0 9 * * * *') ?? '', /5 parts/);
  assert.match(cronExpressionError('0 9 30 2 *') ?? '', /never matches/);
  assert.match(cronExpressionError('every monday') ?? '', /./);
  assert.equal(cronExpressionError('0 9 * * 1'), undefined);
  assert.equal(cronExpressionError('@weekly'), undefined);
  assert.equal(cronExpressionError('0 9 29 2 *'), undefined, 'leap days do exist');
});

test('look-back: digest.lookback wins, else two periods, else 14 days', () => {
  assert.equal(parseDuration('14d'), 14 * DAY);
  assert.equal(parseDuration('36h'), 36 * HOUR);
  assert.equal(parseDuration('2w'), 14 * DAY);
  assert.equal(parseDuration('90m'), 90 * 60_000);
  assert.equal(parseDuration('1.5d'), 36 * HOUR);
  assert.equal(parseDuration('soon'), undefined);
  const weekly = schedule('0 9 * * 1', 'Asia/Shanghai');
  const monday = new Date('2026-11-23T01:00:00Z');
  assert.equal(resolveLookback('3d', weekly, monday), 3 * DAY);
  assert.equal(resolveLookback(undefined, weekly, monday), 14 * DAY);
  assert.equal(resolveLookback(undefined, schedule('0 9 * * *', 'UTC'), monday), 2 * DAY);
  assert.equal(resolveLookback(undefined, undefined, monday), FALLBACK_LOOKBACK_MS);
});
