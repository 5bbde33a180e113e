import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { Article } from '../content/article.js';
import { decodeColumns, encodeColumns, type Columns } from './columns.js';
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

/** Writes the cache atomically (a temporary file renamed over the old one). */
export function writeCache(target: string, file: CacheFile): void {
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

/** The cache as written: columns, not one object per article (see columns.ts). */
interface Stored {
  format: typeof STORED_FORMAT;
  key: string;
  rel: string[];
  stats: number[];
  verify: boolean[];
  hash: string[];
  slugLine: number[];
  articles: Columns;
  htmlKeys: string[];
  htmlValues: string[];
  feeds: Array<[string, FeedEntry]>;
}

const STORED_FORMAT = 2;

function toStored(file: CacheFile): Stored {
  const list = [...file.entries];
  const { columns, skipped } = encodeColumns(list.map(([, e]) => e.article as unknown as Record<string, unknown>));
  const kept = list.filter((_, i) => !skipped.has(i));
  return {
    format: STORED_FORMAT,
    key: file.key,
    rel: kept.map(([rel]) => rel),
    stats: kept.flatMap(([, e]) => [e.stat.size, e.stat.mtimeMs, e.stat.ctimeMs, e.stat.ino]),
    verify: kept.map(([, e]) => e.verify),
    hash: kept.map(([, e]) => e.hash),
    slugLine: kept.map(([, e]) => e.slugLine),
    articles: columns,
    htmlKeys: [...file.html.keys()],
    htmlValues: [...file.html.values()],
    feeds: [...file.feeds],
  };
}

function fromStored(data: Stored): CacheFile {
  const articles = decodeColumns(data.articles);
  const entries = new Map<string, Entry>();
  data.rel.forEach((rel, i) => {
    const s = data.stats;
    entries.set(rel, {
      stat: { size: s[4 * i] ?? -1, mtimeMs: s[4 * i + 1] ?? -1, ctimeMs: s[4 * i + 2] ?? -1, ino: s[4 * i + 3] ?? -1 },
      verify: data.verify[i] ?? true,
      hash: data.hash[i] ?? '',
      slugLine: data.slugLine[i] ?? 1,
      article: articles[i] as unknown as Entry['article'],
    });
  });
  const html = new Map<string, string>();
  data.htmlKeys.forEach((k, i) => html.set(k, data.htmlValues[i] ?? ''));
  return { format: 1, key: data.key, entries, html, feeds: new Map(data.feeds) };
}
