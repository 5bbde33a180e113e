import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { DEFAULT_MAX_FILE_SIZE, type Config } from '../config/schema.js';
import { BroadsheetError, type Problem } from '../errors.js';
import type { Article, PublishOptions } from './article.js';
import { splitFrontMatter } from './front-matter.js';
import { FileTooLarge, readFileScratch } from './read-file.js';
import { formatBytes } from '../config/byte-size.js';
import { articleFromFields, rereadArticleFile, type ArticleFields } from './from-file.js';
import { parseArticle, type ArticleConfig } from './parse-article.js';
import { isPublished, sortNewestFirst } from './publish.js';
import { buildTaxonomy } from './taxonomy.js';
import { slugFoldKey } from './slug.js';
import { isFolder, linkOutside, linkVerdict, realFolder } from './content-links.js';
import { contentFilter } from './globs.js';
import type { NotArticle } from './not-articles.js';
import type { EncodedRow } from '../cache/columns.js';

export interface LoadOptions extends PublishOptions {
  /** The instant that decides what is future and what expired. */
  now: Date;
  /** A persistent cache of parsed articles (src/cache); loading is the same without one. */
  cache?: ArticleCache | undefined;
  /**
   * Parses files on other threads as well (src/build/helpers.ts): they claim file
   * indexes from the counter it returns, as this thread does, and resolve with what
   * they parsed.
   */
  share?: ((job: ShareJob) => Shared) | undefined;
}

/** Below this many files, loading stays on one thread. */
export const SHARE_MIN = 300;

/** How many of its own files this thread reads between taking in the helpers' work. */
const TAKE_EVERY = 64;

/** What helper threads get to parse: files, relative to contentDir, sorted. */
export interface ShareJob {
  contentDir: string;
  files: string[];
  /** limits.max_file_size: a larger file is refused unread. */
  maxBytes: number;
}

/** Helper threads at work on a ShareJob: the counter they claim from, and what they parsed. */
export interface Shared {
  /** One Int32: the index of the next unclaimed file. */
  counter: SharedArrayBuffer;
  /**
   * What they parsed since the last call, without waiting: this thread takes their
   * work in between its own files, instead of all of it at the end.
   */
  take?: () => Array<[number, SharedResult]>;
  /** The rest of what they parsed, once they are done. */
  done: Promise<Array<[number, SharedResult]>>;
}

/** One file as a helper thread parsed it: the article as plain fields (no body). */
export interface SharedResult {
  fields?: ArticleFields;
  problems: Problem[];
  /** Why the file is no article, when that is no problem (a page). */
  notArticle?: NotArticle;
  slugLine: number;
  /** Where `fields` arrived column-encoded (pack-results.ts); the cache can keep them so. */
  encoded?: EncodedRow | undefined;
}

/** Lets a persistent cache skip reading or parsing files that did not change. */
export interface ArticleCache {
  /** The article parsed earlier from `rel` when the file's stat shows it unchanged. */
  byStat(rel: string, abs: string): { article: Article; slugLine: number } | undefined;
  /** The article parsed earlier from `rel` when the file's bytes hash the same. */
  byHash(rel: string, abs: string, hash: string): { article: Article; slugLine: number } | undefined;
  /**
   * Remembers an article just parsed from `rel`; `encoded` holds its fields as they
   * arrived from a helper thread, for the cache to save without encoding them again.
   */
  store(rel: string, article: Article, slugLine: number, encoded?: EncodedRow): void;
}

export interface LoadedContent {
  /** Every article that parsed, drafts and future ones included, newest first. */
  all: Article[];
  /** Those `isPublished` at `now`, newest first. */
  published: Article[];
  /** Files that are not articles (pages without a date, files their generator keeps out of lists), by path. */
  notArticles: NotArticle[];
  /** What looked wrong without stopping the build, every article's, file names relative to the working folder. */
  warnings: Problem[];
}

/**
 * Reads every `*.md` / `*.markdown` file under the content folder (dotfiles, `_index.md`
 * list pages and other files skipped), parses them all, and throws one BroadsheetError
 * listing every problem of every file — syntax, fields, encoding, unsafe and duplicate
 * slugs — with `file:line`. File names in problems are relative to the working folder.
 */
export async function loadContent(config: Pick<Config, 'site' | 'topics' | 'tags' | 'contentDir' | 'content'> & Partial<Pick<Config, 'limits'>>, options: LoadOptions): Promise<LoadedContent> {
  const problems: Problem[] = [];
  const files = contentFiles(config, problems);
  const maxBytes = config.limits?.max_file_size ?? DEFAULT_MAX_FILE_SIZE;
  const display = (rel: string): string => path.relative(process.cwd(), path.join(config.contentDir, rel)) || rel;
  const cache = options.cache;
  const inContent = contentPath(config.contentDir);
  const results = new Array<FileResult | undefined>(files.length);
  // Files are claimed one at a time from a counter shared with any helper threads, so
  // a helper that starts late or runs slowly never leaves files waiting.
  const shared = options.share && files.length >= SHARE_MIN ? options.share({ contentDir: config.contentDir, files, maxBytes }) : undefined;
  const takeIn = (parsed: Array<[number, SharedResult]>): void => {
    for (const [i, done] of parsed) {
      const rel = files[i] as string;
      const abs = inContent(rel);
      // The same hooks as a file read here: the cache records the file's stat and article.
      const cached = cache?.byStat(rel, abs);
      if (cached) {
        results[i] = { ...cached, problems: [] };
        continue;
      }
      const article = done.fields ? articleFromFields(done.fields, rel, abs, config) : undefined;
      if (article) cache?.store(rel, article, done.slugLine, done.encoded);
      results[i] = { ...(article ? { article } : {}), problems: done.problems, slugLine: done.slugLine, ...(done.notArticle ? { notArticle: done.notArticle } : {}) };
    }
  };
  const next = new Int32Array(shared?.counter ?? new SharedArrayBuffer(4));
  const take = shared?.take;
  let read = 0;
  for (let i = Atomics.add(next, 0, 1); i < files.length; i = Atomics.add(next, 0, 1)) {
    const rel = files[i] as string;
    results[i] = readArticle(rel, inContent(rel), config, { cache, keepBody: !cache, maxBytes });
    if (take && ++read % TAKE_EVERY === 0) takeIn(take());
  }
  if (shared) takeIn(await shared.done);
  const articles: Article[] = [];
  const notArticles: NotArticle[] = [];
  const warnings: Problem[] = [];
  const slugLines = new Map<Article, number>();
  for (const [i, rel] of files.entries()) {
    // A helper that failed leaves its files to this thread.
    const r = results[i] ?? readArticle(rel, inContent(rel), config, { cache, keepBody: !cache, maxBytes });
    if (r.problems.length > 0) {
      const shown = display(rel);
      for (const p of r.problems) problems.push({ ...p, file: shown });
    }
    if (r.notArticle) notArticles.push(r.notArticle);
    if (r.article) {
      articles.push(r.article);
      slugLines.set(r.article, r.slugLine);
      if (r.article.warnings) for (const w of r.article.warnings) warnings.push({ ...w, file: display(rel) });
    }
  }
  problems.push(...duplicateProblems(articles, display, slugLines));
  if (problems.length > 0) {
    // Every problem at once: topic and tag slug clashes among the articles that did
    // parse are reported now too, not only after the other files are fixed.
    const published = articles.filter((a) => isPublished(a, options.now, options));
    problems.push(...buildTaxonomy(published, config).problems);
    throw new BroadsheetError(problems);
  }
  sortNewestFirst(articles);
  const now = options.now;
  return { all: articles, published: articles.filter((a) => isPublished(a, now, options)), notArticles, warnings };
}

/**
 * The Markdown files under the content folder that `content.include` and
 * `content.exclude` let in: relative, `/`-separated, sorted.
 */
export function contentFiles(config: Pick<Config, 'contentDir' | 'content'>, problems: Problem[] = []): string[] {
  const files = findMarkdownFiles(config.contentDir, problems);
  const keep = contentFilter(config.content.include, config.content.exclude);
  return keep ? files.filter(keep) : files;
}

/**
 * `path.join(dir, rel)` for the `/`-separated paths findMarkdownFiles gives: a plain
 * concatenation when that is what join would return (an absolute, normalised `dir` on a
 * system whose separator is `/`), as it is called once or twice per file.
 */
export function contentPath(dir: string): (rel: string) => string {
  if (path.sep !== '/' || !path.isAbsolute(dir) || path.normalize(dir) !== dir) return (rel) => path.join(dir, rel);
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return (rel) => prefix + rel;
}

/** One file's outcome; problems name the file by its path relative to the content folder. */
export interface FileResult {
  article?: Article;
  problems: Problem[];
  /** Line of the field the slug came from (1 when it came from the file name). */
  slugLine: number;
  /** Why the file is no article, when that is no problem (a page). */
  notArticle?: NotArticle;
}

/**
 * Reads and parses one file: read, UTF-8 check, hash, then the cache's article for
 * those bytes or a fresh parse. `keepBody: false` (always with a cache) keeps no body:
 * a build then holds only the few bodies it renders, re-read on demand, and decodes
 * only the front matter of the rest.
 */
export function readArticle(rel: string, abs: string, config: ArticleConfig, options: { cache?: ArticleCache | undefined; keepBody: boolean; maxBytes?: number | undefined }): FileResult {
  const { cache, keepBody } = options;
  const cached = cache?.byStat(rel, abs);
  if (cached) return { ...cached, problems: [] };
  let bytes: Buffer;
  try {
    // Valid until the next read on this thread: decoded and hashed below, never kept.
    bytes = readFileScratch(abs, options.maxBytes);
  } catch (err) {
    if (err instanceof FileTooLarge) return { problems: [tooLarge(err, rel)], slugLine: 1 };
    return { problems: [{ code: 'ContentUnreadable', message: `Cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, file: rel }], slugLine: 1 };
  }
  // isUtf8 (SIMD) then toString is several times faster than a fatal TextDecoder, with
  // the same result: both keep a BOM, which splitFrontMatter removes.
  if (!isUtf8(bytes)) return { problems: [notUtf8(bytes, rel)], slugLine: 1 };
  const hash = createHash('sha256').update(bytes).digest('hex');
  const same = cache?.byHash(rel, abs, hash);
  if (same) return { ...same, problems: [] };
  // Decoding is a large part of reading a file, and most bodies are never needed.
  const text = bytes.toString('utf8', 0, keepBody ? bytes.length : frontMatterEnd(bytes));
  const bodyLoader = keepBody ? undefined : (): string => splitFrontMatter(rereadArticleFile(abs, rel, hash), rel).body;
  const { article, problems, slugLine, notArticle } = parseArticle(text, rel, config, { hash, bodyLoader });
  if (article) cache?.store(rel, article, slugLine ?? 1);
  return { ...(article ? { article } : {}), problems, slugLine: slugLine ?? 1, ...(notArticle ? { notArticle } : {}) };
}

const NL = 0x0a;

/**
 * Where the usual YAML front matter (`---` lines, optionally after a BOM) ends: just
 * past the line of its closing `---`, found the way splitFrontMatter finds it (the
 * first line that is `---` and blanks). The whole file's length for anything else, so
 * the front matter parses exactly as from the whole text, body aside.
 */
export function frontMatterEnd(bytes: Buffer): number {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const open = bytes.toString('latin1', start, start + 5);
  if (!open.startsWith('---\n') && !open.startsWith('---\r\n')) return bytes.length;
  // A lone CR is a line break too (splitFrontMatter normalises it): leave such files whole.
  const close = bytes.indexOf('\n---', start + 3);
  if (close === -1) return bytes.length;
  const lineEnd = bytes.indexOf(NL, close + 4);
  const end = lineEnd === -1 ? bytes.length : lineEnd;
  for (let i = close + 4; i < end; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return bytes.length;
  }
  if (bytes.subarray(start, close).includes(0x0d) && !crlfOnly(bytes, start, close)) return bytes.length;
  return lineEnd === -1 ? bytes.length : lineEnd + 1;
}

/** Whether every CR in bytes[from, to) starts a CRLF pair. */
function crlfOnly(bytes: Buffer, from: number, to: number): boolean {
  for (let i = bytes.indexOf(0x0d, from); i !== -1 && i < to; i = bytes.indexOf(0x0d, i + 1)) if (bytes[i + 1] !== NL) return false;
  return true;
}

const MARKDOWN = /\.(md|markdown)$/i;
const LIST_PAGE = /^_index\.(md|markdown)$/i;

/**
 * Relative `/`-separated paths of the Markdown files under `dir`, sorted.
 *
 * Nothing outside the content folder is ever read through a symbolic link: a link is
 * resolved (every link in its chain, `..` included) and kept only when the file it
 * reaches is a regular file inside the folder. A link to a Markdown file or a folder
 * outside it is a ContentLinkOutside problem naming the link (a hostile checkout's
 * `post.md → /etc/passwd` stops the build without reading it); links to other files are
 * never read and are left alone. A link to a folder inside is not followed: its files
 * are loaded from where they are.
 */
export function findMarkdownFiles(dir: string, problems: Problem[] = []): string[] {
  const out: string[] = [];
  const shown = (abs: string): string => path.relative(process.cwd(), abs) || abs;
  let root: string | undefined;
  const visit = (abs: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      problems.push({
        code: 'ContentNotFound',
        // The absolute folder: a relative --content or "content" resolves against a folder the user may not expect.
        message: (err as NodeJS.ErrnoException).code === 'ENOENT' ? `No content folder at ${abs}` : `Cannot read the content folder ${abs} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        file: shown(abs),
        hint: 'Check "content" in the config or the --content flag.',
      });
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const markdown = MARKDOWN.test(e.name) && !LIST_PAGE.test(e.name);
      if (e.isDirectory()) visit(path.join(abs, e.name), childRel);
      else if (e.isFile()) {
        if (markdown) out.push(childRel);
      } else if (e.isSymbolicLink()) {
        // Only links cost a realpath; the content folder's own is resolved once.
        root ??= realFolder(dir);
        const link = linkVerdict(path.join(abs, e.name), root);
        if (link === 'file' && markdown) out.push(childRel);
        else if (link === 'broken' && markdown) out.push(childRel); // reading reports it, as for any unreadable file
        else if (link === 'outside' && (markdown || isFolder(path.join(abs, e.name)))) problems.push(linkOutside(shown(path.join(abs, e.name)), markdown));
      }
    }
  };
  visit(dir, '');
  return out.sort();
}

function tooLarge(err: FileTooLarge, file: string): Problem {
  return {
    code: 'ContentTooLarge',
    message: `The file is ${formatBytes(err.size)}, over the limit of ${formatBytes(err.limit)} for one article; it was not read`,
    file,
    hint: 'Split it into several articles, or raise limits.max_file_size in the config if it really is one article.',
  };
}

function notUtf8(bytes: Buffer, file: string): Problem {
  // Lossy decoding marks the first bad byte with U+FFFD; its line is the one to fix.
  const lossy = bytes.toString('utf8');
  const bad = lossy.indexOf('\uFFFD');
  let line = 1;
  for (let i = lossy.indexOf('\n'); i !== -1 && i < bad; i = lossy.indexOf('\n', i + 1)) line++;
  return {
    code: 'ContentNotUtf8',
    message: 'The file is not valid UTF-8',
    file,
    line,
    hint: 'Save the file as UTF-8 (most editors: "Save with encoding").',
  };
}

function duplicateProblems(articles: Article[], display: (rel: string) => string, slugLines: Map<Article, number>): Problem[] {
  const problems: Problem[] = [];
  const byUrl = new Map<string, Article>();
  for (const a of articles) {
    // A site generator writes each article to a folder named by its URL: URLs that
    // differ only in case (`/Hello/`, `/hello/`) are one folder on macOS and Windows
    // checkouts and on many web hosts, so the second would overwrite the first there.
    const key = urlFoldKey(a.url);
    const first = byUrl.get(key);
    if (!first) {
      byUrl.set(key, a);
      continue;
    }
    const same = first.url === a.url;
    problems.push({
      code: same ? 'SlugDuplicate' : 'SlugCaseCollision',
      message: same
        ? `slug "${a.slug}" gives the same URL ${a.url} as ${display(first.sourcePath)}`
        : `slug "${a.slug}" differs only in case from "${first.slug}" in ${display(first.sourcePath)}: ${a.url} and ${first.url} are one page where case is ignored (macOS, Windows, many web hosts)`,
      file: display(a.sourcePath),
      line: slugLines.get(a) ?? 1,
      path: 'slug',
      hint: 'Give one of the two articles a different "slug:" in its front matter.',
    });
  }
  return problems;
}

/** An article URL as a case-insensitive file system or host sees it: decoded, NFC, lower case. */
function urlFoldKey(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURI(url);
  } catch {
    // A URL that does not decode is compared as written.
  }
  return slugFoldKey(decoded);
}
