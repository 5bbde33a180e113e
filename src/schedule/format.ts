/**
 * An instant as people read it in the schedule's zone, with the UTC instant for
 * logs: `2026-11-23 09:00 Asia/Shanghai (2026-11-23T01:00:00Z)`.
 */
export function formatScheduled(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '??';
  const local = `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
  return `${local} ${timezone} (${at.toISOString().replace(/\.000Z$/, 'Z')})`;
}
