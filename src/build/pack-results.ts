import type { SharedResult } from '../content/load-content.js';
import type { ArticleFields } from '../content/from-file.js';
import type { Problem } from '../errors.js';
import type { NotArticle } from '../content/not-articles.js';
import { decodeColumns, encodeColumns, type Columns } from '../cache/columns.js';

/**
 * A helper thread's parse results as they cross to the main thread: the articles'
 * fields column-wise (cache/columns.ts) instead of one object each. Structured clone
 * reads a dozen arrays of 20,000 values several times faster than 20,000 objects of a
 * dozen keys, and the main thread is the one that waits for it (~150–250 ms
 * less on the main thread at 40,000 articles; encoding costs the helper about that,
 * while it would otherwise be idle or rendering ahead).
 */
export interface PackedResults {
  /** Per result: the file's index in the job's list. */
  index: number[];
  slugLine: number[];
  /** Per result: its row in `columns`, LOOSE when its fields are in `loose`, NONE when it has none. */
  row: number[];
  columns: Columns;
  /** Fields the columns could not keep exactly, in the order of the results that have them. */
  loose: ArticleFields[];
  /** Problems by position in the results (most have none). */
  problems: Array<[number, Problem[]]>;
  /** Files that are no article, by position in the results. */
  notArticles: Array<[number, NotArticle]>;
}

const NONE = -1;
const LOOSE = -2;

export function packResults(done: ReadonlyArray<readonly [number, SharedResult]>): PackedResults {
  const withFields = done.filter(([, r]) => r.fields !== undefined);
  const { columns, skipped } = encodeColumns(withFields.map(([, r]) => r.fields as unknown as Record<string, unknown>));
  const loose: ArticleFields[] = [];
  const row: number[] = [];
  let f = 0;
  let kept = 0;
  for (const [, r] of done) {
    if (r.fields === undefined) row.push(NONE);
    else if (skipped.has(f++)) {
      row.push(LOOSE);
      loose.push(r.fields);
    } else row.push(kept++);
  }
  const problems: Array<[number, Problem[]]> = [];
  done.forEach(([, r], k) => {
    if (r.problems.length > 0) problems.push([k, r.problems]);
  });
  const notArticles: Array<[number, NotArticle]> = [];
  done.forEach(([, r], k) => {
    if (r.notArticle) notArticles.push([k, r.notArticle]);
  });
  return { index: done.map(([i]) => i), slugLine: done.map(([, r]) => r.slugLine), row, columns, loose, problems, notArticles };
}

/** The results packResults packed, equal to them. */
export function unpackResults(packed: PackedResults): Array<[number, SharedResult]> {
  const records = decodeColumns(packed.columns) as unknown as ArticleFields[];
  const problems = new Map(packed.problems);
  const notArticles = new Map(packed.notArticles);
  let l = 0;
  return packed.index.map((i, k) => {
    const r = packed.row[k] ?? NONE;
    const fields = r >= 0 ? records[r] : r === LOOSE ? packed.loose[l++] : undefined;
    const result: SharedResult = { problems: problems.get(k) ?? [], slugLine: packed.slugLine[k] ?? 1 };
    if (fields) result.fields = fields;
    const left = notArticles.get(k);
    if (left) result.notArticle = left;
    // The build cache can store this record as it is, encoded already (BuildCache.save).
    if (fields && r >= 0) result.encoded = { columns: packed.columns, row: r };
    return [i, result];
  });
}
