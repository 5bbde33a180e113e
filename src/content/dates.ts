/**
 * Dates in front matter: an explicit offset is kept exact; a time without one is a wall
 * time in the site's time zone, converted with Intl (no time zone database of our own).
 */

/** Wall-clock fields of an instant in a time zone. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall time of `instant` (ms since epoch) in `timeZone`. */
export function wallTimeIn(instant: number, timeZone: string): WallTime {
  const w: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: ((instant % 1000) + 1000) % 1000 };
  let bc = false;
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    switch (p.type) {
      case 'year': w.year = Number(p.value); break;
      case 'month': w.month = Number(p.value); break;
      case 'day': w.day = Number(p.value); break;
      case 'hour': w.hour = Number(p.value); break;
      case 'minute': w.minute = Number(p.value); break;
      case 'second': w.second = Number(p.value); break;
      case 'era': bc = p.value === 'BC' || p.value === 'B'; break;
    }
  }
  if (bc) w.year = 1 - w.year;
  return w;
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (east positive). */
export function offsetAt(instant: number, timeZone: string): number {
  const w = wallTimeIn(instant, timeZone);
  return utcOf(w) - instant;
}

function utcOf(w: WallTime): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, w.millisecond);
  return d.getTime();
}

/**
 * The instant at which clocks in `timeZone` show `wall`. Around DST changes it behaves
 * like Temporal's "compatible" disambiguation: a time that occurs twice takes the
 * earlier instant; a time skipped by a spring-forward gap moves forward by the gap.
 */
export function instantOfWallTime(wall: WallTime, timeZone: string): number {
  const asUtc = utcOf(wall);
  const day = 86_400_000;
  const before = offsetAt(asUtc - day, timeZone);
  const after = offsetAt(asUtc + day, timeZone);
  const candidates = [asUtc - before, asUtc - after].filter((t) => offsetAt(t, timeZone) === asUtc - t);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: read the wall time with the offset in force before the change.
  return asUtc - before;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an ISO 8601 / RFC 3339 date or date-time. With an offset (`Z`, `+08:00`) the
 * instant is exact; without one the wall time is read in `timeZone`. Returns undefined
 * for anything else (including impossible dates such as 2025-02-30).
 */
export function parseDate(text: string, timeZone: string): Date | undefined {
  const parts = dateParts(text);
  if (!parts) return undefined;
  return parts.offset === undefined ? new Date(instantOfWallTime(parts.wall, timeZone)) : new Date(utcOf(parts.wall) - parts.offset);
}

/**
 * The wall time and offset (ms east of UTC, undefined when none is written) of an ISO
 * 8601 / RFC 3339 date or date-time, or undefined when it is not one. Needs no time
 * zone: whether a text is a date is decided without converting it.
 */
export function dateParts(text: string): { wall: WallTime; offset: number | undefined } | undefined {
  const m = DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const wall: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: m[4] ? Number(m[4]) : 0,
    minute: m[5] ? Number(m[5]) : 0,
    second: m[6] ? Number(m[6]) : 0,
    millisecond: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
  };
  if (wall.month < 1 || wall.month > 12 || wall.day < 1 || wall.day > daysInMonth(wall.year, wall.month)) return undefined;
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return undefined;
  const zone = m[8];
  if (zone === undefined) return { wall, offset: undefined };
  let offset = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hours > 23 || minutes > 59) return undefined;
    offset = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  return { wall, offset };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days in `month` (1-12) of `year`, as `Date.UTC(year, month, 0)` counts them — which
 * reads years 0-99 as 1900-1999 — without a Date per call.
 */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1] ?? 31;
  const y = year >= 0 && year <= 99 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}
