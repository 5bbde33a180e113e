import type { Problem } from '../errors.js';
import type { Store, Subscriber, SubscriberInput, SubscriberStatus } from '../store/types.js';
import { parseImportFile, rowsNameTopics, validateImportRows } from './read-import.js';
import { topicIndex, type TopicIndex } from './topic-index.js';

export interface ImportOptions {
  /** Status of rows without a `status` value: `confirmed` for lists that already consented. */
  defaultStatus: 'pending' | 'confirmed';
  /** Import the valid rows and report the invalid ones, instead of importing nothing. */
  skipInvalid: boolean;
  /** Loads the content's topics; called only when some row names a topic. */
  loadTopics: () => Promise<TopicIndex>;
  now: Date;
}

export interface ImportReport {
  /** Every problem found, by line. With problems and without skipInvalid, nothing was written. */
  problems: Problem[];
  /** Whether the store was written. */
  imported: boolean;
  /** The file itself is unreadable (header, unclosed quote): --skip-invalid cannot help. */
  fatal: boolean;
  added: number;
  updated: number;
  unchanged: number;
  /** Existing subscribers who are unsubscribed or bounced and stay so. */
  kept: number;
  /** Rows left out (only with skipInvalid). */
  skipped: number;
}

/**
 * Imports subscribers from CSV text: every row validated first, then all valid rows
 * upserted in one transaction. Re-importing updates names and topics and never creates
 * a second subscriber for an address; it never resubscribes an unsubscribed or bounced
 * address and never turns confirmed back into pending (the store's upsert rules).
 * Problems that make the file unreadable (header, unclosed quote) stop the import even
 * with skipInvalid.
 */
export async function importSubscribers(store: Store, text: string, file: string, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { problems: [], imported: false, fatal: false, added: 0, updated: 0, unchanged: 0, kept: 0, skipped: 0 };
  const parsed = parseImportFile(text, file);
  if (parsed.fileProblems.length > 0) {
    report.problems = byLine([...parsed.fileProblems, ...parsed.rowProblems]);
    report.fatal = true;
    return report;
  }
  const topics = rowsNameTopics(parsed.rows) ? await options.loadTopics() : topicIndex([]);
  const { valid, problems } = validateImportRows(parsed.rows, file, topics);
  report.problems = byLine([...parsed.rowProblems, ...problems]);
  if (report.problems.length > 0 && !options.skipInvalid) return report;
  report.skipped = new Set(report.problems.map((p) => p.line)).size;

  // One lookup for the whole file, not a round trip per row (a database store).
  const found = await store.findSubscribersByEmail(valid.map((row) => row.value.email));
  const before = new Map<number, Subscriber | undefined>(valid.map((row, i) => [row.line, found[i]]));
  const inputs: SubscriberInput[] = valid.map(({ value }) => ({
    email: value.email,
    ...(value.name !== undefined ? { name: value.name } : {}),
    ...(value.topics !== undefined ? { topics: value.topics } : {}),
    status: value.status ?? options.defaultStatus,
    source: 'import',
  }));
  const after = await store.upsertSubscribers(inputs, options.now);
  report.imported = true;
  valid.forEach((row, i) => {
    const old = before.get(row.line);
    const now = after[i];
    if (!old || !now) report.added++;
    else if (sameSubscriber(old, now)) report.unchanged++;
    else report.updated++;
    if (old && isSuppressed(old.status) && now?.status === old.status && row.value.status !== old.status) report.kept++;
  });
  return report;
}

const isSuppressed = (s: SubscriberStatus): boolean => s === 'unsubscribed' || s === 'bounced';

function sameSubscriber(a: Subscriber, b: Subscriber): boolean {
  return a.name === b.name && a.status === b.status && a.topics.join('\n') === b.topics.join('\n');
}

function byLine(problems: Problem[]): Problem[] {
  return problems.map((p, i) => ({ p, i })).sort((x, y) => (x.p.line ?? 0) - (y.p.line ?? 0) || x.i - y.i).map(({ p }) => p);
}
