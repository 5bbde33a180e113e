import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDate, wallTimeIn } from '../../src/content/dates.js';

test('an explicit offset is kept exact whatever the site time zone', () => {
  assert.equal(parseDate('2025-06-16T12:30:04+08:00', 'America/New_York')?.toISOString(), '2025-06-16T04:30:04.000Z');
  assert.equal(parseDate('2025-06-16T12:30:04Z', 'Asia/Shanghai')?.toISOString(), '2025-06-16T12:30:04.000Z');
  assert.equal(parseDate('2025-06-16T12:30:04-0530', 'UTC')?.toISOString(), '2025-06-16T18:00:04.000Z');
  assert.equal(parseDate('2025-06-16 12:30:04.250+01:00', 'UTC')?.toISOString(), '2025-06-16T11:30:04.250Z');
});

test('an offset-less time is read in the site time zone (Asia/Shanghai)', () => {
  assert.equal(parseDate('2025-06-16T12:30:04', 'Asia/Shanghai')?.toISOString(), '2025-06-16T04:30:04.000Z');
  assert.equal(parseDate('2025-06-16', 'Asia/Shanghai')?.toISOString(), '2025-06-15T16:00:00.000Z');
});

test('America/New_York across the March and November DST changes', () => {
  // Standard time (UTC-5) before 9 March 2025, daylight time (UTC-4) after.
  assert.equal(parseDate('2025-03-08T12:00:00', 'America/New_York')?.toISOString(), '2025-03-08T17:00:00.000Z');
  assert.equal(parseDate('2025-03-10T12:00:00', 'America/New_York')?.toISOString(), '2025-03-10T16:00:00.000Z');
  // 02:30 on 9 March does not exist: it moves forward by the gap, to 03:30 EDT.
  assert.equal(parseDate('2025-03-09T02:30:00', 'America/New_York')?.toISOString(), '2025-03-09T07:30:00.000Z');
  // 01:30 on 2 November happens twice: the earlier one (EDT) is taken.
  assert.equal(parseDate('2025-11-02T01:30:00', 'America/New_York')?.toISOString(), '2025-11-02T05:30:00.000Z');
  assert.equal(parseDate('2025-11-02T03:00:00', 'America/New_York')?.toISOString(), '2025-11-02T08:00:00.000Z');
});

test('impossible and malformed dates are refused', () => {
  for (const bad of ['2025-02-30', '2025-13-01', '2025-06-16T24:00:00', 'yesterday', '16/06/2025', '2025-06-16T12:30:04+25:00', '']) {
    assert.equal(parseDate(bad, 'UTC'), undefined, bad);
  }
});

test('wall time of an instant in a zone', () => {
  const w = wallTimeIn(Date.parse('2025-12-31T16:30:00Z'), 'Asia/Shanghai');
  assert.deepEqual([w.year, w.month, w.day, w.hour, w.minute], [2026, 1, 1, 0, 30]);
});
