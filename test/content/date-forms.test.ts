import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDateText, isoDateText, readDateText } from '../../src/content/date-forms.js';
import { parseDate } from '../../src/content/dates.js';

const iso = (text: string, tz = 'UTC'): string | undefined => readDateText(text, tz)?.toISOString();

test('ISO 8601 reads as before, in every zone', () => {
  for (const text of ['2025-06-16', '2025-06-16T12:30:04', '2025-06-16T12:30:04+08:00', '2025-06-16 12:30:04.250+01:00', '2025-06-16T12:30:04-0530']) {
    for (const tz of ['UTC', 'Asia/Shanghai', 'America/New_York']) assert.equal(iso(text, tz), parseDate(text, tz)?.toISOString(), text);
  }
});

test('Jekyll and YAML 1.1 timestamps: the offset as written, else the site zone', () => {
  assert.equal(iso('2025-01-29 18:15:32 +0530'), '2025-01-29T12:45:32.000Z');
  assert.equal(iso('2001-12-14 21:59:43.10 -5'), '2001-12-15T02:59:43.100Z');
  assert.equal(iso('2001-12-14t21:59:43.10-05:00'), '2001-12-15T02:59:43.100Z');
  assert.equal(iso('2013-5-6 9:00:00 -4'), '2013-05-06T13:00:00.000Z');
  assert.equal(iso('2016-10-06 19:31:23.000000000 +01:00'), '2016-10-06T18:31:23.000Z');
  assert.equal(iso('2013-05-06 10:00:00 +0000 UTC'), '2013-05-06T10:00:00.000Z');
  assert.equal(iso('2013-05-06 10:00:00 UTC', 'Asia/Shanghai'), '2013-05-06T10:00:00.000Z');
  assert.equal(iso('2013-05-06 10:00:00', 'Asia/Shanghai'), '2013-05-06T02:00:00.000Z');
  assert.equal(iso('2013-5-6', 'Asia/Shanghai'), '2013-05-05T16:00:00.000Z');
});

test('Astro month names, read in the site time zone', () => {
  const la = 'America/Los_Angeles';
  for (const text of ['Jul 08 2022', 'July 8, 2022', '8 July 2022', 'Fri, Jul 08 2022', 'jul 8 2022', 'July 8th, 2022', 'Jul. 8, 2022']) {
    assert.equal(iso(text, la), '2022-07-08T07:00:00.000Z', text);
  }
  assert.equal(iso('Jan 5 2025 14:30', 'Asia/Shanghai'), '2025-01-05T06:30:00.000Z');
  assert.equal(iso('Sept 1, 2024'), '2024-09-01T00:00:00.000Z');
  assert.equal(isoDateText('December 31, 1999'), '1999-12-31');
});

test('anything else is refused, impossible dates too', () => {
  for (const bad of ['', 'yesterday', 'the sixth of October', '16/06/2025', 'Jul 32 2022', 'Feb 29 2023', '2025-02-30 10:00:00 +0100', '2013-05-06 10:00:00 +0800 UTC', 'Julyish 8 2022', '2025-06-16 25:00:00', '2025-06-16 10:00:00 +25']) {
    assert.equal(readDateText(bad, 'UTC'), undefined, bad);
    assert.equal(isDateText(bad), false, bad);
  }
  assert.equal(isDateText('Feb 29 2024'), true);
});
