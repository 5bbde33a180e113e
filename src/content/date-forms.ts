import { dateParts, parseDate } from './dates.js';

/**
 * The date forms other site generators accept and people write in front matter, each
 * rewritten to the ISO 8601 text `parseDate` reads, so there is one reader and one
 * rule for offsets: written, it is exact; not written, the time is a wall time in the
 * site's time zone.
 *
 * - ISO 8601 / RFC 3339: `2025-06-16`, `2025-06-16T12:30:04+08:00`.
 * - YAML 1.1 timestamps and Jekyll's (Ruby's) dates: one-digit month, day and hour,
 *   `t` or spaces between date and time, any number of fraction digits, a one-digit
 *   offset hour, a trailing `UTC`/`GMT`: `2025-01-29 18:15:32 +0530`,
 *   `2001-12-14 21:59:43.10 -5`, `2013-05-06 10:00:00 +0000 UTC`.
 * - Month names, as Astro's starter content writes them and JavaScript's Date reads
 *   them: `Jul 08 2022`, `July 8, 2022`, `8 July 2022`, an optional weekday before and
 *   an optional `HH:MM[:SS]` after.
 */

const LOOSE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?[ \t]*(Z|z|[+-]\d{1,2}(?::?\d{2})?)?(?:[ \t]+(UTC|GMT))?$/;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const WEEKDAY = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?';
const TIME = '(?:,?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?';
const MONTH_FIRST = new RegExp(`^${WEEKDAY}(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})${TIME}$`, 'i');
const DAY_FIRST = new RegExp(`^${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_NAMES})\\.?,?\\s+(\\d{4})${TIME}$`, 'i');

const two = (n: string | undefined): string => (n ?? '0').padStart(2, '0');

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function iso(year: string, month: number | string, day: string, hour?: string, minute?: string, second?: string, fraction?: string, zone?: string): string {
  const date = `${year}-${two(String(month))}-${two(day)}`;
  if (hour === undefined) return zone === undefined ? date : `${date}T00:00:00${zone}`;
  const frac = fraction ? `.${fraction.slice(0, 9)}` : '';
  return `${date}T${two(hour)}:${two(minute)}:${two(second)}${frac}${zone ?? ''}`;
}

/** An offset as `+HH:MM` (from `+5`, `-0530`, `+05:30`, `Z`). */
function offsetText(zone: string): string {
  if (zone === 'Z' || zone === 'z') return 'Z';
  const sign = zone[0] as string;
  const digits = zone.slice(1).replace(':', '');
  // One or two hour digits, then optionally two minute digits.
  const hours = digits.length === 1 || digits.length === 3 ? digits.slice(0, 1) : digits.slice(0, 2);
  const minutes = digits.slice(hours.length) || '00';
  return `${sign}${two(hours)}:${minutes}`;
}

/** `text` rewritten as ISO 8601 text, or undefined when it is in no form read here. */
export function isoDateText(text: string): string | undefined {
  const t = text.trim();
  if (dateParts(t)) return t;
  const loose = LOOSE.exec(t);
  if (loose) {
    const [, y, mo, d, h, mi, s, f, zone, abbr] = loose;
    // `+0000 UTC` says the same twice; `+0800 UTC` contradicts itself.
    if (abbr !== undefined && zone !== undefined && offsetText(zone) !== '+00:00' && zone.toUpperCase() !== 'Z') return undefined;
    const z = zone !== undefined ? offsetText(zone) : abbr !== undefined ? 'Z' : undefined;
    return iso(y as string, mo as string, d as string, h, mi, s, f, z);
  }
  const mf = MONTH_FIRST.exec(t);
  if (mf) return iso(mf[3] as string, monthNumber(mf[1] as string), mf[2] as string, mf[4], mf[5], mf[6]);
  const df = DAY_FIRST.exec(t);
  if (df) return iso(df[3] as string, monthNumber(df[2] as string), df[1] as string, df[4], df[5], df[6]);
  return undefined;
}

/** The instant a front matter date text names (see the forms above), or undefined. */
export function readDateText(text: string, timeZone: string): Date | undefined {
  const form = isoDateText(text);
  return form === undefined ? undefined : parseDate(form, timeZone);
}

/** Whether readDateText would read `text` (in any time zone), without converting it. */
export function isDateText(text: string): boolean {
  const form = isoDateText(text);
  return form !== undefined && dateParts(form) !== undefined;
}

interface TomlDateLike {
  isLocal(): boolean;
  toISOString(): string;
}

/** smol-toml's dates: a Date subclass that knows whether it was written without an offset. */
export function isTomlDate(v: unknown): v is Date & TomlDateLike {
  return v instanceof Date && typeof (v as Partial<TomlDateLike>).isLocal === 'function';
}

/**
 * Whether a front matter value is a date the schema reads: a date text, or a Date
 * (TOML's datetimes, YAML's explicit timestamps) that is not invalid.
 */
export function isDateValue(v: unknown): boolean {
  if (typeof v === 'string') return isDateText(v);
  if (isTomlDate(v) && v.isLocal()) return isDateText(v.toISOString());
  return v instanceof Date && !Number.isNaN(v.getTime());
}
