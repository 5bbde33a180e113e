import path from 'node:path';
import crypto, { createHash } from 'node:crypto';
import type { Article } from '../content/article.js';
import type { ArticleCache } from '../content/load-content.js';
import { articleFields, articleFromFields } from '../content/from-file.js';
import type { ArticleConfig } from '../content/parse-article.js';
import type { FeedReuse } from '../build/outputs.js';
import type { RenderHtml } from '../build/render-once.js';
import { safeJoin } from '../content/slug.js';
import type { FeedItem, FeedModel } from '../feeds/model.js';
import { FEED_FILES } from '../feeds/plan-feeds.js';
import { readCache, writeCache, type CacheFile, type Entry, type FeedEntry, type WriteEntry } from './cache-file.js';
import { encodeColumns, encodedValue, type Columns, type EncodedRow } from './columns.js';
import { lazyValue } from '../content/lazy.js';
import { isRacy, sameStat, statFile, type FileStat } from './scan.js';
import { codeFingerprint } from './stamp.js';

/**
 * The persistent build cache (`.broadsheet-cache/build.v8`, one file written with
 * v8.serialize): every article's parsed metadata keyed by its path, trusted when the
 * file's stat (or, failing that, its sha256) is unchanged, and the feed HTML of every
 * rendered article keyed by content hash, slug and URL. The whole cache is keyed on
 * Broadsheet's version and code and on the config parts an article depends on, so any
 * of those changing starts it afresh. Bodies are not kept: an unchanged article's body
 * (and a summary never computed) is read back from its file only if something asks.
 */

/** An entry during a build: the article itself, converted to an Entry when saved. */
interface Live extends Omit<Entry, 'article'> {
  live: Article;
  /** Its fields as already encoded, by a helper thread or in the cache file read. */
  encoded?: EncodedRow | undefined;
}

const CACHE_FILE = 'build.v8';

/** The cache's key: what every cached article and HTML depends on besides its file. */
export function buildCacheKey(config: ArticleConfig & { contentDir: string; limits?: { max_file_size: number } }, version: string): string {
  // The size limit too: a cached article is used without reading its file, so one
  // parsed under a higher limit must not outlive a lower one.
  return createHash('sha256')
    .update(JSON.stringify([1, version, codeFingerprint(), config.contentDir, config.site, config.topics, config.messages ?? {}, config.limits?.max_file_size, config.content]))
    .digest('hex');
}

/** One build's use of the cache: hooks for loading, rendering and writing, then save(). */
export class BuildCache {
  private readonly old: CacheFile;
  private readonly entries = new Map<string, Live>();
  private readonly html = new Map<string, string>();
  private readonly feeds = new Map<string, FeedEntry>();
  private readonly stats = new Map<string, FileStat>();
  private changed = false;
  /** Articles rendered this build (cache misses). */
  rendered = 0;

  private constructor(
    private readonly dir: string,
    private readonly key: string,
    private readonly config: ArticleConfig,
    private readonly scanStats: ReadonlyMap<string, FileStat> | undefined,
    private readonly startedAt: number,
  ) {
    this.old = readCache(path.join(dir, CACHE_FILE), key) ?? { format: 1, key, entries: new Map(), html: new Map(), feeds: new Map() };
  }

  /**
   * Opens the cache in `dir` for a build with `config`. `scanStats` (from a scan taken
   * at the start of the build) saves a second stat per file; `startedAt` is when those
   * stats were taken, what a file's last change is compared with (isRacy).
   */
  static open(dir: string, key: string, config: ArticleConfig, scanStats?: ReadonlyMap<string, FileStat>, startedAt = Date.now()): BuildCache {
    return new BuildCache(dir, key, config, scanStats, startedAt);
  }

  /** Hooks for loadContent. */
  get articles(): ArticleCache {
    return {
      byStat: (rel, abs) => {
        const stat = this.scanStats?.get(rel) ?? statFile(abs);
        if (!stat) return undefined;
        this.stats.set(rel, stat);
        const entry = this.old.entries.get(rel);
        if (!entry || entry.verify || !sameStat(entry.stat, stat)) return undefined;
        return this.hit(rel, abs, entry, stat);
      },
      byHash: (rel, abs, hash) => {
        const entry = this.old.entries.get(rel);
        const stat = this.stats.get(rel);
        if (!entry || !stat || entry.hash !== hash) return undefined;
        this.changed = true;
        return this.hit(rel, abs, entry, stat);
      },
      store: (rel, article, slugLine, encoded) => {
        const stat = this.stats.get(rel);
        if (!stat) return;
        this.changed = true;
        this.entries.set(rel, { stat, verify: this.isRacy(stat), hash: article.hash, slugLine, live: article, encoded });
      },
    };
  }

  /** True when there was no usable cache: this build is a cold one. */
  get isEmpty(): boolean {
    return this.old.entries.size === 0;
  }

  /** Whether an earlier build (or this one) rendered this article's HTML. */
  hasHtml(article: Article): boolean {
    const k = htmlKey(article);
    return this.html.has(k) || this.old.html.has(k);
  }

  /** Wraps `render` so an article rendered in an earlier build is not rendered again. */
  wrapRender(render: RenderHtml): RenderHtml {
    return (article) => {
      const k = htmlKey(article);
      let html = this.html.get(k) ?? this.old.html.get(k);
      if (html === undefined) {
        html = render(article);
        this.rendered++;
        this.changed = true;
      }
      this.html.set(k, html);
      return html;
    };
  }

  /** Hooks for planOutputs: feeds whose fingerprint and files are unchanged are linked, not rendered. */
  feedReuse(outDir: string): FeedReuse {
    return {
      fingerprint: feedFingerprint,
      find: (dir, fingerprint) => {
        const entry = this.old.feeds.get(dir.join('/'));
        if (!entry || entry.fingerprint !== fingerprint) return undefined;
        const found = new Map<string, string>();
        for (const [name, recorded] of entry.files) {
          const abs = safeJoin(outDir, ...dir, name);
          const now = statFile(abs);
          if (!now || !sameStat(now, recorded)) return undefined;
          found.set(name, abs);
        }
        return found;
      },
    };
  }

  /** Remembers the feeds just written (call after the output swap). */
  recordFeeds(outDir: string, feeds: ReadonlyArray<{ dir: string[]; fingerprint: string }>): void {
    for (const { dir, fingerprint } of feeds) {
      const files: Array<[string, FileStat]> = [];
      for (const name of Object.values(FEED_FILES)) {
        const stat = statFile(safeJoin(outDir, ...dir, name));
        if (stat) files.push([name, stat]);
      }
      this.feeds.set(dir.join('/'), { fingerprint, files });
    }
    this.changed = true;
  }

  /**
   * Encodes now the fields of the articles this thread parsed (helpers' and the cache
   * file's are encoded already), so that save() only selects rows. A cold build calls it
   * while helper threads render, which then render a larger share (~100 ms of
   * the 40,000-article cache phase). An article whose summary is computed after this is
   * encoded afresh by save(), as any other.
   */
  encodeAhead(): void {
    const plain = [...this.entries.values()].filter((e) => e.encoded === undefined);
    if (plain.length === 0) return;
    const { columns, skipped } = encodeColumns(plain.map((e) => articleFields(e.live) as unknown as Record<string, unknown>));
    let row = 0;
    plain.forEach((e, i) => {
      if (!skipped.has(i)) e.encoded = { columns, row: row++ };
    });
  }

  /**
   * Writes the cache for the next build: the entries of the files seen in this build
   * and the HTML this build used, so it never grows past one site's worth.
   */
  save(): void {
    if (!this.changed && this.entries.size === this.old.entries.size && this.html.size === this.old.html.size) return;
    // An article is saved as it was encoded already, by a helper thread (~half
    // the encoding of a cold 40,000-article build) or in the cache file read (all but
    // the changed ones in a rebuild), unless its summary was computed since, or fewer
    // than half the rows of its columns are still in use: those are encoded afresh, so
    // rebuild after rebuild the file never keeps more than twice the rows it needs.
    const inUse = new Map<Columns, number>();
    for (const { encoded } of this.entries.values()) if (encoded) inUse.set(encoded.columns, (inUse.get(encoded.columns) ?? 0) + 1);
    const entries = new Map<string, WriteEntry>();
    // Written out field by field: a rest and a spread object per entry cost ~30 ms at 40,000.
    for (const [rel, { live, encoded, stat, verify, hash, slugLine }] of this.entries) {
      const keep = encoded !== undefined && 2 * (inUse.get(encoded.columns) ?? 0) >= encoded.columns.count && sameSummary(live, encoded);
      entries.set(rel, keep ? { stat, verify, hash, slugLine, encoded } : { stat, verify, hash, slugLine, article: articleFields(live) });
    }
    writeCache(path.join(this.dir, CACHE_FILE), { format: 1, key: this.key, entries, html: this.html, feeds: this.feeds });
  }

  private isRacy(stat: FileStat): boolean {
    return isRacy(stat, this.startedAt);
  }

  private hit(rel: string, abs: string, entry: Entry, stat: FileStat): { article: Article; slugLine: number } {
    const article = articleFromFields(entry.article, rel, abs, this.config);
    this.entries.set(rel, { stat, verify: this.isRacy(stat), hash: entry.hash, slugLine: entry.slugLine, live: article, encoded: entry.encoded });
    return { article, slugLine: entry.slugLine };
  }
}

/**
 * Everything that decides a feed's three files: its model without the items, and per
 * item its data without the HTML plus what decides the HTML (the article's content
 * hash, slug and URL; the renderer's code is in the cache key). An item shared by many
 * feeds is keyed once: stringifying each feed's whole model cost tens of ms.
 */
export function feedFingerprint(model: FeedModel, articles: ReadonlyArray<Article>): string {
  const { items, ...feed } = model;
  const hash = createHash('sha256').update(JSON.stringify(feed));
  for (const [i, item] of items.entries()) {
    const a = articles[i];
    hash.update(`\u0000${itemKey(item)}\u0000${a ? htmlKey(a) : ''}`);
  }
  return hash.digest('hex');
}

// Items are frozen and shared by every feed that holds the article (see FeedContext.items).
const itemKeys = new WeakMap<FeedItem, string>();

/** A digest of the item without its HTML; a frozen item's is computed once. */
function itemKey(item: FeedItem): string {
  const known = itemKeys.get(item);
  if (known !== undefined) return known;
  // Dates as numbers: a Date's toJSON takes JSON.stringify off its fast path (3x slower).
  const { html: _html, ...rest } = item;
  const key = sha256(JSON.stringify({ ...rest, published: rest.published.getTime(), updated: rest.updated.getTime() }));
  if (Object.isFrozen(item)) itemKeys.set(item, key);
  return key;
}

/** crypto.hash (Node 20.12+) where there is one: a Hash object per item costs more than its input. */
function sha256(text: string): string {
  return typeof crypto.hash === 'function' ? crypto.hash('sha256', text, 'base64') : createHash('sha256').update(text).digest('base64');
}

/** Whether the article's summary is still what its encoded fields hold (none, if it was never computed). */
function sameSummary(article: Article, encoded: EncodedRow): boolean {
  const now = lazyValue(article, 'summary');
  return !now.done || now.value === encodedValue(encoded, 'summary');
}

function htmlKey(a: Pick<Article, 'hash' | 'slug' | 'url'>): string {
  return `${a.hash}\u0000${a.slug}\u0000${a.url}`;
}
