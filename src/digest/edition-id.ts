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

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockId(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(at)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}-${parts.hour}${parts.minute}`;
}

/** Matches an edition id; anything else never names a folder under `digests/`. */
export const EDITION_ID_PATTERN = /^\d{4}-\d{2}-\d{2}-\d{4}(?:-b)?$/;
