import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSchedule, type Schedule } from '../../src/schedule/cron.js';
import { dueEdition, describeDecision } from '../../src/schedule/due.js';
import { resolveLookback } from '../../src/schedule/lookback.js';
import { scheduleFromConfig, requireSchedule, scheduleTimezone } from '../../src/schedule/from-config.js';
import { parseConfig, loadConfig } from '../../src/config/load.js';
import { BroadsheetError } from '../../src/errors.js';

const DAY = 86_400_000;

function schedule(expression: string, timezone: string): Schedule {
  const r = parseSchedule(expression, timezone);
  if ('error' in r) throw new Error(r.error);
  return r.schedule;
}

const weekly = schedule('0 9 * * 1', 'Asia/Shanghai'); // Mondays 01:00 UTC
const twoPeriods = (at: Date): number => resolveLookback(undefined, weekly, at);

test('on time: the edition for this Monday is due', () => {
  const d = dueEdition({ schedule: weekly, now: new Date('2026-11-23T01:00:00Z'), lookback: twoPeriods, lastEditionAt: new Date('2026-11-16T01:00:00Z') });
  assert.equal(d.due, true);
  assert.equal(d.at?.toISOString(), '2026-11-23T01:00:00.000Z');
  assert.equal(d.next?.toISOString(), '2026-11-30T01:00:00.000Z');
});

test('late by hours (GitHub delays runs): the same edition is still due', () => {
  const d = dueEdition({ schedule: weekly, now: new Date('2026-11-23T07:43:00Z'), lookback: twoPeriods, lastEditionAt: new Date('2026-11-16T01:00:00Z') });
  assert.deepEqual([d.due, d.at?.toISOString()], [true, '2026-11-23T01:00:00.000Z']);
});

test('a second trigger for the same time finds the edition and creates nothing', () => {
  const d = dueEdition({ schedule: weekly, now: new Date('2026-11-23T08:00:00Z'), lookback: twoPeriods, lastEditionAt: new Date('2026-11-23T01:00:00Z') });
  assert.equal(d.due, false);
  assert.equal(d.due === false && d.reason, 'already-created');
  assert.match(describeDecision(d, (t) => t.toISOString()), /exists already/);
});

test('an edition made by hand after the scheduled time also counts: no duplicate of its articles', () => {
  const d = dueEdition({ schedule: weekly, now: new Date('2026-11-25T08:00:00Z'), lookback: twoPeriods, lastEditionAt: new Date('2026-11-24T10:00:00Z') });
  assert.equal(d.due === false && d.reason, 'already-created');
});

test('after weeks of silence only the latest scheduled time is due, never the missed ones', () => {
  const d = dueEdition({ schedule: weekly, now: new Date('2026-11-26T12:00:00Z'), lookback: twoPeriods, lastEditionAt: new Date('2026-10-05T01:00:00Z') });
  assert.deepEqual([d.due, d.at?.toISOString()], [true, '2026-11-23T01:00:00.000Z']);
  // And once it exists, the older Mondays never come back.
  const again = dueEdition({ schedule: weekly, now: new Date('2026-11-27T12:00:00Z'), lookback: twoPeriods, lastEditionAt: d.at });
  assert.equal(again.due, false);
});

test('an empty store: the latest scheduled time is due', () => {
  const d = dueEdition({ schedule: weekly, now: new Date('2026-11-24T00:00:00Z'), lookback: twoPeriods, lastEditionAt: undefined });
  assert.deepEqual([d.due, d.at?.toISOString()], [true, '2026-11-23T01:00:00.000Z']);
});

test('nothing older than the look-back is sent', () => {
  const short = (): number => 2 * DAY;
  const late = dueEdition({ schedule: weekly, now: new Date('2026-11-26T01:00:01Z'), lookback: short, lastEditionAt: undefined });
  assert.deepEqual([late.due, late.due === false && late.reason, late.at?.toISOString()], [false, 'too-old', '2026-11-23T01:00:00.000Z']);
  const justInside = dueEdition({ schedule: weekly, now: new Date('2026-11-25T01:00:00Z'), lookback: short, lastEditionAt: undefined });
  assert.equal(justInside.due, true);
});

test('before the schedule ever fired nothing is due', () => {
  const yearly = schedule('0 0 1 1 *', 'UTC');
  const d = dueEdition({ schedule: yearly, now: new Date('0000-06-01T00:00:00Z'), lookback: () => DAY, lastEditionAt: undefined });
  assert.equal(d.due === false && d.reason, 'not-yet');
});

test('fall-back day: triggers during both 01:30s agree on one edition', () => {
  const nightly = schedule('30 1 * * *', 'America/New_York');
  const lookback = (at: Date): number => resolveLookback(undefined, nightly, at);
  const first = dueEdition({ schedule: nightly, now: new Date('2026-11-01T05:45:00Z'), lookback, lastEditionAt: new Date('2026-10-31T05:30:00Z') });
  assert.deepEqual([first.due, first.at?.toISOString()], [true, '2026-11-01T05:30:00.000Z']);
  const second = dueEdition({ schedule: nightly, now: new Date('2026-11-01T06:45:00Z'), lookback, lastEditionAt: first.at });
  assert.equal(second.due, false);
});

test('spring-forward day: a trigger at 03:10 EDT finds the 02:30 edition (run at 03:00)', () => {
  const nightly = schedule('30 2 * * *', 'America/New_York');
  const d = dueEdition({ schedule: nightly, now: new Date('2026-03-08T07:10:00Z'), lookback: () => 2 * DAY, lastEditionAt: new Date('2026-03-07T07:30:00Z') });
  assert.deepEqual([d.due, d.at?.toISOString()], [true, '2026-03-08T07:00:00.000Z']);
});

const baseConfig = `site:
  title: T
  url: https://example.org/
  timezone: Europe/London
digest:
  subject: x
  schedule: "0 25 * * 1"
`;

test('an invalid digest.schedule is reported at its line in the config file', () => {
  const { config, problems } = parseConfig(baseConfig, 'broadsheet.yaml');
  assert.equal(config, undefined);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.line, 7);
  assert.equal(problems[0]?.file, 'broadsheet.yaml');
  assert.match(problems[0]?.message ?? '', /digest\.schedule.*not a valid cron expression.*hour/);
});

test('schedule comes from the config, in digest.timezone else site.timezone; a missing one is a problem for --due', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-due-'));
  try {
    const file = path.join(dir, 'broadsheet.yaml');
    fs.writeFileSync(file, baseConfig.replace('0 25 * * 1', '0 9 * * 1'));
    const config = loadConfig(file, {}, dir);
    assert.equal(scheduleTimezone(config), 'Europe/London');
    assert.equal(scheduleFromConfig(config, dir)?.timezone, 'Europe/London');
    fs.writeFileSync(file, `${baseConfig.replace(/  schedule: .*\n/, '')}  timezone: Asia/Shanghai\n`);
    const noSchedule = loadConfig(file, {}, dir);
    assert.equal(scheduleTimezone(noSchedule), 'Asia/Shanghai');
    assert.equal(scheduleFromConfig(noSchedule, dir), undefined);
    assert.throws(
      () => requireSchedule(noSchedule, 'send --due', dir),
      (err: unknown) =>
        err instanceof BroadsheetError && err.problems[0]?.code === 'ScheduleMissing' && err.problems[0]?.line === 5 && err.problems[0]?.file === 'broadsheet.yaml',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
