import { wallTimeIn } from '../content/dates.js';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * An instant as people read it in the schedule's zone, with the UTC instant for
 * logs: `2026-11-23 09:00 Asia/Shanghai (2026-11-23T01:00:00Z)`.
 */
export function formatScheduled(at: Date, timezone: string): string {
  const w = wallTimeIn(at.getTime(), timezone);
  const local = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
  return `${local} ${timezone} (${at.toISOString().replace(/\.000Z$/, 'Z')})`;
}
