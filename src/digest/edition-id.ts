import { wallTimeIn } from '../content/dates.js';

/**
 * Edition ids: `YYYY-MM-DD-HHmm`, the scheduled time's wall clock in the digest's
 * time zone (`digest.timezone`, else `site.timezone`). Readable in archive URLs
 * (`digests/2025-06-16-0900/`), URL-safe, stable for a given time.
 *
 * Seconds are dropped: schedules are cron expressions with minute precision. When a
 * daylight-saving change repeats a wall-clock hour, the second instant with the same
 * reading gets the suffix `-b`, so two scheduled times never share an id.
 */
export function editionId(at: Date, timeZone: string): string {
  const base = wallClockId(at, timeZone);
  // DST fall-back repeats 30 or 60 minutes; an earlier instant reading the same
  // wall clock means this is the second occurrence.
  for (const minutes of [30, 60, 120]) {
    if (wallClockId(new Date(at.getTime() - minutes * 60_000), timeZone) === base) return `${base}-b`;
  }
  return base;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function wallClockId(at: Date, timeZone: string): string {
  const w = wallTimeIn(at.getTime(), timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}-${pad(w.hour)}${pad(w.minute)}`;
}
