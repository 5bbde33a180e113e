/**
 * A column-wise encoding of many similar records (the cached articles) for
 * v8.serialize: one array per field instead of one object per record. V8 reads and
 * writes 40,000 objects with a dozen keys each several times slower than a dozen
 * arrays of 40,000 values; object and array values (tags, authors, field lines)
 * are stored as JSON in a table of distinct texts, which many records share.
 * Top-level Dates are kept as numbers. A value that JSON cannot keep exactly (a Date
 * inside an object, a function, undefined in an array) makes the record unencodable:
 * the caller leaves it out rather than cache it wrong.
 */

export interface Columns {
  count: number;
  /** Field names in order of first appearance. */
  keys: string[];
  /** Per field: 'v' plain values, 'd' Dates as epoch ms, 'j' indexes into `json`. */
  kinds: Array<'v' | 'd' | 'j'>;
  /** Per field, one value per record; null where the record lacks the field. */
  values: unknown[][];
  /** Distinct JSON texts of object and array values. */
  json: string[];
}

type Kind = Columns['kinds'][number];

function kindOf(value: unknown): Kind {
  if (value instanceof Date) return 'd';
  if (value !== null && typeof value === 'object') return 'j';
  return 'v';
}

const isSimple = (v: unknown): boolean => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** A plain object whose values are all simple (a record of numbers, a person). */
const isFlat = (v: unknown): boolean => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(isSimple);

/** JSON that parses back to an equal value, or undefined when JSON would change it. */
function faithfulJson(value: unknown): string | undefined {
  // The usual shapes (a list of names, a record of numbers, a list of people) need no
  // deep check: checkedJson's replacer costs ~30 ms over 40,000 articles' authors.
  if (Array.isArray(value) ? value.every((v) => isSimple(v) || isFlat(v)) : isFlat(value)) return JSON.stringify(value);
  return checkedJson(value);
}

function checkedJson(value: unknown): string | undefined {
  let faithful = true;
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = key === '' ? value : this[key];
    if (raw instanceof Date || raw === undefined || typeof raw === 'function' || typeof raw === 'bigint' || typeof raw === 'symbol' || (typeof raw === 'number' && !Number.isFinite(raw))) faithful = false;
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.getPrototypeOf(raw) !== Object.prototype) faithful = false;
    return v;
  });
  return faithful ? text : undefined;
}

/**
 * Encodes plain-data records. Returns the columns and which records were left out
 * (their values could not be kept exactly).
 */
export function encodeColumns(records: ReadonlyArray<Record<string, unknown>>): { columns: Columns; skipped: Set<number> } {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const kinds: Kind[] = [];
  const values: unknown[][] = [];
  const json: string[] = [];
  const jsonIndex = new Map<string, number>();
  const skipped = new Set<number>();
  const rows: unknown[][] = [];
  records.forEach((record, r) => {
    const row: unknown[] = [];
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (value === undefined) continue;
      let k = index.get(key);
      const kind = kindOf(value);
      if (k === undefined) {
        k = keys.length;
        index.set(key, k);
        keys.push(key);
        kinds.push(kind);
      } else if (kinds[k] !== kind) {
        skipped.add(r);
        return;
      }
      let encoded: unknown = value;
      if (kind === 'd') encoded = (value as Date).getTime();
      else if (kind === 'j') {
        const text = faithfulJson(value);
        if (text === undefined) {
          skipped.add(r);
          return;
        }
        let j = jsonIndex.get(text);
        if (j === undefined) {
          j = json.length;
          json.push(text);
          jsonIndex.set(text, j);
        }
        encoded = j;
      } else if (value === null || (typeof value === 'number' && !Number.isFinite(value))) {
        skipped.add(r);
        return;
      }
      row[k] = encoded;
    }
    rows.push(row);
  });
  for (let k = 0; k < keys.length; k++) values.push(rows.map((row) => (row[k] === undefined ? null : row[k])));
  return { columns: { count: rows.length, keys, kinds, values, json }, skipped };
}

/**
 * Decodes the records, fields in their first-seen order. Records share parsed object
 * values with equal JSON (say, the same author list): treat them as read-only.
 */
export function decodeColumns(columns: Columns): Array<Record<string, unknown>> {
  const parsed = columns.json.map((text) => JSON.parse(text) as unknown);
  const out: Array<Record<string, unknown>> = [];
  for (let r = 0; r < columns.count; r++) {
    const record: Record<string, unknown> = {};
    for (let k = 0; k < columns.keys.length; k++) {
      const v = columns.values[k]?.[r];
      if (v === null || v === undefined) continue;
      const kind = columns.kinds[k];
      record[columns.keys[k] as string] = kind === 'd' ? new Date(v as number) : kind === 'j' ? parsed[v as number] : v;
    }
    out.push(record);
  }
  return out;
}

/** One record of some columns: where a record encoded earlier can be taken from as it is. */
export interface EncodedRow {
  columns: Columns;
  row: number;
}

/** The records at `rows` (in that order), with the same keys, kinds and JSON table. */
export function selectRows(columns: Columns, rows: readonly number[]): Columns {
  // All of them in order (a chunk encoded ahead, every row still in use): as they are.
  if (rows.length === columns.count && rows.every((r, i) => r === i)) return columns;
  return { ...columns, count: rows.length, values: columns.values.map((column) => rows.map((r) => column[r] ?? null)) };
}

/** A field's value in one encoded record as decodeColumns would give it (undefined when absent). */
export function encodedValue({ columns, row }: EncodedRow, key: string): unknown {
  const k = columns.keys.indexOf(key);
  const v = k === -1 ? null : (columns.values[k]?.[row] ?? null);
  if (v === null) return undefined;
  const kind = columns.kinds[k];
  return kind === 'd' ? new Date(v as number) : kind === 'j' ? JSON.parse(columns.json[v as number] ?? 'null') : v;
}
