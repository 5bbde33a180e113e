/**
 * Feed dates in the site's time zone, with numeric offsets only: RFC 822 (RSS 2.0)
 * and RFC 3339 (Atom, JSON Feed). Zone names such as "CST" or "GMT" are ambiguous
 * and the W3C validator rejects most of them, so they are never written.
 */

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

// formatToParts costs ~10 µs and a build formats each article's dates in every feed
// and format that holds it, so offsets are remembered per zone and instant.
const offsetMemo = new Map<string, Map<number, number>>();
const MEMO_MAX = 100_000;

/** `compute(date, zone)`, remembered in `memos` per zone and instant (at most MEMO_MAX instants a zone). */
function remembered<T>(memos: Map<string, Map<number, T>>, date: Date, timeZone: string, compute: (date: Date, timeZone: string) => T): T {
  const t = date.getTime();
  let memo = memos.get(timeZone);
  if (!memo) memos.set(timeZone, (memo = new Map()));
  let value = memo.get(t);
  if (value === undefined) {
    if (memo.size >= MEMO_MAX) memo.clear();
    value = compute(date, timeZone);
    memo.set(t, value);
  }
  return value;
}

/** The zone's UTC offset at that instant, in whole minutes (e.g. 480 for +08:00). */
export function offsetMinutes(date: Date, timeZone: string): number {
  return remembered(offsetMemo, date, timeZone, computeOffsetMinutes);
}

function computeOffsetMinutes(date: Date, timeZone: string): number {
  let fmt = offsetFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, fmt);
  }
  // The zone name ends the formatted text ("1/1/2020, GMT+08:00"); format is about three
  // times faster than formatToParts, and a build formats every item's two dates.
  const m = /GMT(?:([+-])(\d{2}):(\d{2})(:\d{2})?)?$/.exec(fmt.format(date));
  // "GMT" is UTC; an offset with seconds (local mean time before ~1900) cannot be
  // written in RFC 822, so such dates fall back to UTC: same instant, exact.
  if (!m?.[1] || m[4]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The wall-clock fields in the zone, read from a Date shifted by the offset. */
function local(date: Date, timeZone: string): { shifted: Date; offset: number } {
  const offset = offsetMinutes(date, timeZone);
  return { shifted: new Date(date.getTime() + offset * 60_000), offset };
}

function offsetString(offset: number, separator: string): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
}

/** RFC 822 (with four-digit year, RFC 1123): `Mon, 16 Jun 2025 12:30:04 +0800`. */
export function formatRfc822(date: Date, timeZone: string): string {
  const { shifted: d, offset } = local(date, timeZone);
  return (
    `${WEEKDAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCFullYear(), 4)} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${offsetString(offset, '')}`
  );
}

// Atom and JSON Feed write the same two dates of every item: format each once.
const rfc3339Memo = new Map<string, Map<number, string>>();

/** RFC 3339: `2025-06-16T12:30:04+08:00`, `Z` for UTC, milliseconds only when present. */
export function formatRfc3339(date: Date, timeZone: string): string {
  return remembered(rfc3339Memo, date, timeZone, formatRfc3339Now);
}

function formatRfc3339Now(date: Date, timeZone: string): string {
  const { shifted: d, offset } = local(date, timeZone);
  const ms = d.getUTCMilliseconds();
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms ? `.${pad(ms, 3)}` : ''}` +
    (offset === 0 ? 'Z' : offsetString(offset, ':'))
  );
}
