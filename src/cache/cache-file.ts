import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { Article } from '../content/article.js';
import { decodeColumns, encodeColumns, selectRows, type Columns, type EncodedRow } from './columns.js';
import type { FileStat } from './scan.js';

/**
 * The build cache's file (`build.v8`): what it holds, and how it is written and read
 * (v8.serialize of columns, see columns.ts). A file of another format or key, or one
 * that cannot be read, is no cache.
 */

/** One article as the previous build parsed it. */
export interface Entry {
  stat: FileStat;
  /** The stat was taken just after a change (isRacy): check the hash before trusting it. */
  verify: boolean;
  hash: string;
  slugLine: number;
  /** The article without `body`; `summary` only when it was computed. */
  article: Omit<Article, 'body' | 'summary'> & { summary?: string };
  /** Where the article's fields lie encoded in the file read (a build can save them so again). */
  encoded?: EncodedRow | undefined;
}

/** A feed as written by the previous build: its fingerprint and its files' stats. */
export interface FeedEntry {
  fingerprint: string;
  files: Array<[string, FileStat]>;
}

/** The whole cache, as the build uses it. */
export interface CacheFile {
  format: 1;
  key: string;
  entries: Map<string, Entry>;
  html: Map<string, string>;
  /** By feed folder (`tags/x`, `` for the site's). */
  feeds: Map<string, FeedEntry>;
}

/** An entry to write: its article as fields, or as a record some columns already hold (a helper's batch, see pack-results.ts, or a chunk of the file read). */
export type WriteEntry = Omit<Entry, 'article'> & ({ article: Entry['article'] } | { encoded: EncodedRow });

/** The cache to write. */
export interface CacheToWrite extends Omit<CacheFile, 'entries'> {
  entries: Map<string, WriteEntry>;
}

/** Writes the cache atomically (a temporary file renamed over the old one). */
export function writeCache(target: string, file: CacheToWrite): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, v8.serialize(toStored(file)));
  fs.renameSync(tmp, target);
}

/** The cache in `file` when it was written for `key`, else undefined. */
export function readCache(file: string, key: string): CacheFile | undefined {
  try {
    const data = v8.deserialize(fs.readFileSync(file)) as Stored;
    return data.format === STORED_FORMAT && data.key === key ? fromStored(data) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The cache as written: columns, not one object per article (see columns.ts), in
 * chunks: the articles encoded when the cache is saved, then those kept as they were
 * encoded already (one chunk per helper batch or per chunk of the file read).
 */
interface Stored {
  format: typeof STORED_FORMAT;
  key: string;
  chunks: StoredChunk[];
  htmlKeys: string[];
  htmlValues: string[];
  feeds: Array<[string, FeedEntry]>;
}

interface StoredChunk {
  rel: string[];
  stats: number[];
  verify: boolean[];
  hash: string[];
  slugLine: number[];
  articles: Columns;
}

const STORED_FORMAT = 3;

function toStored(file: CacheToWrite): Stored {
  const plain: Array<[string, Entry]> = [];
  const byColumns = new Map<Columns, Array<[string, WriteEntry & { encoded: EncodedRow }]>>();
  for (const [rel, e] of file.entries) {
    if ('article' in e) plain.push([rel, e]);
    else {
      const group = byColumns.get(e.encoded.columns) ?? [];
      group.push([rel, e]);
      byColumns.set(e.encoded.columns, group);
    }
  }
  const { columns, skipped } = encodeColumns(plain.map(([, e]) => e.article as unknown as Record<string, unknown>));
  const chunks = [chunkOf(plain.filter((_, i) => !skipped.has(i)), columns)];
  for (const [all, group] of byColumns) chunks.push(chunkOf(group, selectRows(all, group.map(([, e]) => e.encoded.row))));
  return { format: STORED_FORMAT, key: file.key, chunks, htmlKeys: [...file.html.keys()], htmlValues: [...file.html.values()], feeds: [...file.feeds] };
}

/** The entries' own data next to `articles`, which holds their articles in the same order. */
function chunkOf(entries: ReadonlyArray<[string, WriteEntry]>, articles: Columns): StoredChunk {
  const chunk: StoredChunk = { rel: [], stats: [], verify: [], hash: [], slugLine: [], articles };
  // One pass, pushing (packed arrays: v8.serialize writes a holey one key by key); a
  // flatMap's array per entry cost ~30 ms at 40,000 articles.
  for (const [rel, e] of entries) {
    chunk.rel.push(rel);
    chunk.stats.push(e.stat.size, e.stat.mtimeMs, e.stat.ctimeMs, e.stat.ino);
    chunk.verify.push(e.verify);
    chunk.hash.push(e.hash);
    chunk.slugLine.push(e.slugLine);
  }
  return chunk;
}

function fromStored(data: Stored): CacheFile {
  const entries = new Map<string, Entry>();
  for (const chunk of data.chunks) {
    const articles = decodeColumns(chunk.articles);
    const s = chunk.stats;
    chunk.rel.forEach((rel, i) => {
      entries.set(rel, {
        stat: { size: s[4 * i] ?? -1, mtimeMs: s[4 * i + 1] ?? -1, ctimeMs: s[4 * i + 2] ?? -1, ino: s[4 * i + 3] ?? -1 },
        verify: chunk.verify[i] ?? true,
        hash: chunk.hash[i] ?? '',
        slugLine: chunk.slugLine[i] ?? 1,
        article: articles[i] as unknown as Entry['article'],
        encoded: { columns: chunk.articles, row: i },
      });
    });
  }
  const html = new Map<string, string>();
  data.htmlKeys.forEach((k, i) => html.set(k, data.htmlValues[i] ?? ''));
  return { format: 1, key: data.key, entries, html, feeds: new Map(data.feeds) };
}
