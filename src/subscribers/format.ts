import type { Subscriber } from '../store/types.js';
import { csvLine } from './csv.js';
import { TOPIC_SEPARATOR } from './subscriber-schema.js';

/** The columns `subscribers export` writes; `subscribers import` reads them back. */
export const EXPORT_COLUMNS = ['email', 'name', 'topics', 'status'] as const;

/**
 * Subscribers as CSV (header first, CRLF lines), the format `import` reads, from pages
 * of subscribers (Store.subscriberPages): one string per page, with how many it holds.
 */
export async function* exportCsvPages(pages: AsyncIterable<readonly Subscriber[]> | Iterable<readonly Subscriber[]>): AsyncGenerator<{ text: string; count: number }> {
  yield { text: csvLine(EXPORT_COLUMNS), count: 0 };
  for await (const page of pages) {
    yield { text: page.map((s) => csvLine([s.email, s.name ?? '', s.topics.join(TOPIC_SEPARATOR), s.status])).join(''), count: page.length };
  }
}

/** The JSON shape of `list --json`: stable keys, ISO 8601 times, null when unset. */
export function subscriberJson(s: Subscriber): Record<string, unknown> {
  return {
    id: s.id,
    email: s.email,
    name: s.name,
    topics: s.topics,
    status: s.status,
    source: s.source,
    bounces: s.bounces,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    confirmedAt: s.confirmedAt?.toISOString() ?? null,
    unsubscribedAt: s.unsubscribedAt?.toISOString() ?? null,
  };
}

/** Columns on a terminal: East Asian wide characters and emoji take two cells. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f) || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

/** A plain table for people: email, name, status, topics, added (date). */
export function subscriberTable(subscribers: readonly Subscriber[]): string[] {
  const rows = subscribers.map((s) => [
    s.email,
    s.name ?? '',
    s.status,
    s.topics.length === 0 ? '(all)' : s.topics.join(', '),
    s.createdAt.toISOString().slice(0, 10),
  ]);
  const head = ['EMAIL', 'NAME', 'STATUS', 'TOPICS', 'ADDED'];
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}
