import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRfc3339, formatRfc822, offsetMinutes } from '../../src/feeds/dates.js';
import { parseRfc3339, parseRfc822 } from './feed-rules.js';

const cases: Array<[string, string, string, string]> = [
  // instant, zone, RFC 822, RFC 3339
  ['2025-06-16T04:30:04Z', 'Asia/Shanghai', 'Mon, 16 Jun 2025 12:30:04 +0800', '2025-06-16T12:30:04+08:00'],
  ['2025-06-15T20:00:00Z', 'Asia/Shanghai', 'Mon, 16 Jun 2025 04:00:00 +0800', '2025-06-16T04:00:00+08:00'],
  ['2025-01-15T12:00:00Z', 'America/New_York', 'Wed, 15 Jan 2025 07:00:00 -0500', '2025-01-15T07:00:00-05:00'],
  ['2025-07-15T02:00:00Z', 'America/New_York', 'Mon, 14 Jul 2025 22:00:00 -0400', '2025-07-14T22:00:00-04:00'],
  ['2024-02-29T18:45:00.250Z', 'Asia/Kolkata', 'Fri, 01 Mar 2024 00:15:00 +0530', '2024-03-01T00:15:00.250+05:30'],
  ['2025-06-16T04:30:04Z', 'UTC', 'Mon, 16 Jun 2025 04:30:04 +0000', '2025-06-16T04:30:04Z'],
];

test('RFC 822 and RFC 3339 in the site zone: numeric offsets, right weekday across midnight and DST, same instant', () => {
  for (const [instant, zone, rfc822, rfc3339] of cases) {
    const d = new Date(instant);
    assert.equal(formatRfc822(d, zone), rfc822);
    assert.equal(formatRfc3339(d, zone), rfc3339);
    assert.equal(parseRfc822(formatRfc822(d, zone)).getTime(), Math.floor(d.getTime() / 1000) * 1000);
    assert.equal(parseRfc3339(formatRfc3339(d, zone)).getTime(), d.getTime());
  }
});

test('a zone whose historical offset has seconds falls back to UTC rather than a wrong offset', () => {
  const d = new Date('1890-01-01T00:00:00Z');
  assert.equal(formatRfc822(d, 'Asia/Shanghai'), 'Wed, 01 Jan 1890 00:00:00 +0000');
  assert.equal(parseRfc3339(formatRfc3339(d, 'Asia/Shanghai')).getTime(), d.getTime());
});

test('offsets read from the formatted text equal the zone name formatToParts reports, across zones, DST and history', () => {
  const zones = ['UTC', 'Asia/Shanghai', 'America/New_York', 'America/St_Johns', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'Africa/Monrovia', 'Pacific/Kiritimati', 'America/Sao_Paulo'];
  const reference = (fmt: Intl.DateTimeFormat, d: Date): number => {
    const name = fmt.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /^GMT([+-])(\d{2}):(\d{2})(:\d{2})?$/.exec(name);
    if (!m || m[4]) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3]);
    return m[1] === '-' ? -minutes : minutes;
  };
  const seen = new Set<number>();
  // Every ~37 days from 1850 to 2060 (local mean time, wars, DST rule changes), and two
  // far-off years whose formatted dates look different.
  const instants = [Date.UTC(-500, 0, 1), Date.UTC(100, 5, 1)];
  for (let t = Date.UTC(1850, 0, 1); t < Date.UTC(2060, 0, 1); t += 37 * 86_400_000 + 3_599_000) instants.push(t);
  for (const zone of zones) {
    const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    for (const t of instants) {
      const d = new Date(t);
      const want = reference(fmt, d);
      assert.equal(offsetMinutes(d, zone), want, `${zone} at ${d.toISOString()}`);
      seen.add(want);
    }
  }
  // Negative, half-hour, 45-minute and +14:00 offsets all came up.
  for (const offset of [-300, -210, 330, 765, 840]) assert.ok(seen.has(offset), `offset ${offset} was tested`);
  assert.equal(offsetMinutes(new Date('1920-06-01T00:00:00Z'), 'Africa/Monrovia'), 0, 'an offset with seconds (-00:44:30) falls back to UTC');
});
