import type { Problem } from '../errors.js';
import { emailKey } from '../store/email-key.js';
import { parseCsv } from './csv.js';
import { splitTopics, subscriberSchema, validateSubscriber, type RawSubscriber, type ValidSubscriber } from './subscriber-schema.js';
import type { TopicIndex } from './topic-index.js';

/**
 * Columns an import file may have. `email` is required; `name`, `topics` and `status`
 * are optional (`status` is what `subscribers export` writes, so an exported list can be
 * imported elsewhere without resubscribing anyone). Any other column is refused rather
 * than ignored: a misspelt `topic` column would otherwise send everyone every topic.
 */
export const IMPORT_COLUMNS = ['email', 'name', 'topics', 'status'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

export interface RawRow {
  line: number;
  raw: RawSubscriber;
}

export interface ParsedImport {
  rows: RawRow[];
  /** Problems with single rows (the rest can still be imported with --skip-invalid). */
  rowProblems: Problem[];
  /** Problems that make the whole file unreadable (header, unclosed quote). */
  fileProblems: Problem[];
}

/** Reads the CSV and maps each record to raw subscriber fields by its header. No validation of values yet. */
export function parseImportFile(text: string, file: string): ParsedImport {
  const { records, problems } = parseCsv(text);
  const fileProblems: Problem[] = [];
  const rowProblems: Problem[] = [];
  for (const p of problems) {
    (p.fatal ? fileProblems : rowProblems).push({ code: 'CsvSyntax', message: p.message, file, line: p.line, hint: 'Fix the quoting; a spreadsheet\'s "Save as CSV" writes it correctly.' });
  }
  const [header, ...body] = records;
  if (!header) {
    fileProblems.push({ code: 'CsvNoHeader', message: 'The file has no header line', file, line: 1, hint: 'Start the file with the line: email,name,topics' });
    return { rows: [], rowProblems, fileProblems };
  }
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const index = new Map<Column, number>();
  columns.forEach((c, i) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(c)) {
      fileProblems.push({
        code: 'CsvUnknownColumn',
        message: c === '' ? `column ${i + 1} of the header is empty` : `unknown column "${header.fields[i]?.trim() ?? c}"`,
        file,
        line: header.line,
        hint: `The columns are ${IMPORT_COLUMNS.join(', ')} (email required); remove or rename the others.`,
      });
    } else if (index.has(c as Column)) {
      fileProblems.push({ code: 'CsvUnknownColumn', message: `the column "${c}" appears twice`, file, line: header.line });
    } else {
      index.set(c as Column, i);
    }
  });
  if (!index.has('email')) {
    const looksLikeData = header.fields.some((f) => f.includes('@'));
    fileProblems.push({
      code: 'CsvNoHeader',
      message: 'The header has no "email" column',
      file,
      line: header.line,
      hint: looksLikeData ? 'The first line looks like a subscriber: add the header line email,name,topics above it.' : 'Name the address column "email".',
    });
  }
  if (fileProblems.length > 0) return { rows: [], rowProblems, fileProblems };

  const rows: RawRow[] = [];
  const get = (fields: string[], c: Column): string | undefined => {
    const i = index.get(c);
    return i === undefined ? undefined : fields[i];
  };
  for (const r of body) {
    if (r.fields.length > columns.length) {
      rowProblems.push({ code: 'CsvSyntax', message: `the row has ${r.fields.length} fields but the header has ${columns.length}`, file, line: r.line, hint: 'Quote fields that contain a comma.' });
      continue;
    }
    const topics = get(r.fields, 'topics');
    const name = get(r.fields, 'name');
    const status = get(r.fields, 'status');
    rows.push({
      line: r.line,
      raw: {
        email: get(r.fields, 'email') ?? '',
        ...(name !== undefined ? { name } : {}),
        ...(topics !== undefined ? { topics: splitTopics(topics) } : {}),
        ...(status !== undefined ? { status } : {}),
      },
    });
  }
  return { rows, rowProblems, fileProblems };
}

/** Whether any row names a topic (only then does the content need loading). */
export function rowsNameTopics(rows: readonly RawRow[]): boolean {
  return rows.some((r) => (r.raw.topics?.length ?? 0) > 0);
}

export interface ValidRow {
  line: number;
  value: ValidSubscriber;
}

/**
 * Validates every row with the one subscriber schema and reports each problem with
 * its line; a second row with an address already in the file (case-insensitively) is
 * reported as a duplicate of the first.
 */
export function validateImportRows(rows: readonly RawRow[], file: string, topics: TopicIndex): { valid: ValidRow[]; problems: Problem[] } {
  const schema = subscriberSchema(topics);
  const valid: ValidRow[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  for (const { line, raw } of rows) {
    const result = validateSubscriber(schema, raw);
    if (!result.ok) {
      for (const issue of result.issues) problems.push(rowProblem(issue, file, line, topics));
      continue;
    }
    const key = emailKey(result.value.email);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ code: 'SubscriberDuplicate', message: `the same address as line ${first}`, file, line, hint: 'Keep one row per address.' });
      continue;
    }
    seen.set(key, line);
    valid.push({ line, value: result.value });
  }
  return { valid, problems };
}

function rowProblem(issue: { field: string; message: string }, file: string, line: number, topics: TopicIndex): Problem {
  if (issue.field === 'topics') {
    const names = topics.names();
    const shown = names.slice(0, 12).map((n) => `"${n}"`).join(', ');
    return {
      code: 'SubscriberUnknownTopic',
      message: issue.message,
      file,
      line,
      path: 'topics',
      hint: names.length === 0 ? 'The content has no topics yet; leave topics empty (every topic).' : `Known topics: ${shown}${names.length > 12 ? ', …' : ''}. Separate topics with ";".`,
    };
  }
  return { code: 'SubscriberInvalid', message: issue.message, file, line, path: issue.field };
}
