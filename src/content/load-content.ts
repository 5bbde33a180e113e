import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { BroadsheetError, type Problem } from '../errors.js';
import type { Article, PublishOptions } from './article.js';
import { splitFrontMatter } from './front-matter.js';
import { parseArticle } from './parse-article.js';
import { isPublished, newestFirst } from './publish.js';
import { buildTaxonomy } from './taxonomy.js';

export interface LoadOptions extends PublishOptions {
  /** The instant that decides what is future and what expired. */
  now: Date;
  /** A persistent cache of parsed articles (src/cache); loading is the same without one. */
  cache?: ArticleCache | undefined;
}

/** Lets a persistent cache skip reading or parsing files that did not change. */
export interface ArticleCache {
  /** The article parsed earlier from `rel` when the file's stat shows it unchanged. */
  byStat(rel: string, abs: string): { article: Article; slugLine: number } | undefined;
  /** The article parsed earlier from `rel` when the file's bytes hash the same. */
  byHash(rel: string, abs: string, hash: string): { article: Article; slugLine: number } | undefined;
  /** Remembers an article just parsed from `rel`. */
  store(rel: string, article: Article, slugLine: number): void;
}

export interface LoadedContent {
  /** Every article that parsed, drafts and future ones included, newest first. */
  all: Article[];
  /** Those `isPublished` at `now`, newest first. */
  published: Article[];
}

/**
 * Reads every `*.md` / `*.markdown` file under the content folder (dotfiles, `_index.md`
 * list pages and other files skipped), parses them all, and throws one BroadsheetError
 * listing every problem of every file — syntax, fields, encoding, unsafe and duplicate
 * slugs — with `file:line`. File names in problems are relative to the working folder.
 */
export async function loadContent(config: Pick<Config, 'site' | 'topics' | 'tags' | 'contentDir'>, options: LoadOptions): Promise<LoadedContent> {
  const problems: Problem[] = [];
  const files = findMarkdownFiles(config.contentDir, problems);
  const articles: Article[] = [];
  const slugLines = new Map<Article, number>();
  const display = (rel: string): string => path.relative(process.cwd(), path.join(config.contentDir, rel)) || rel;
  const cache = options.cache;
  for (const rel of files) {
    const abs = path.join(config.contentDir, rel);
    const cached = cache?.byStat(rel, abs);
    if (cached) {
      articles.push(cached.article);
      slugLines.set(cached.article, cached.slugLine);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(abs);
    } catch (err) {
      problems.push({ code: 'ContentUnreadable', message: `Cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, file: display(rel) });
      continue;
    }
    // isUtf8 (SIMD) then toString is several times faster than a fatal TextDecoder, with
    // the same result: both keep a BOM, which splitFrontMatter removes.
    if (!isUtf8(bytes)) {
      problems.push(notUtf8(bytes, display(rel)));
      continue;
    }
    const text = bytes.toString('utf8');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const same = cache?.byHash(rel, abs, hash);
    if (same) {
      articles.push(same.article);
      slugLines.set(same.article, same.slugLine);
      continue;
    }
    // With a cache, this is a build: keep no bodies, re-read the few it renders.
    const { article, problems: found, slugLine } = parseArticle(text, rel, config, { hash, bodyLoader: cache ? bodyLoader(abs, rel, hash) : undefined });
    if (found.length > 0) {
      const shown = display(rel);
      for (const p of found) problems.push({ ...p, file: shown });
    }
    if (article) {
      articles.push(article);
      slugLines.set(article, slugLine ?? 1);
      cache?.store(rel, article, slugLine ?? 1);
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
  articles.sort(newestFirst);
  const now = options.now;
  return { all: articles, published: articles.filter((a) => isPublished(a, now, options)) };
}

/** Reads a file's body again; the file must still be the one that was parsed. */
function bodyLoader(abs: string, rel: string, hash: string): () => string {
  return () => {
    const bytes = fs.readFileSync(abs);
    if (createHash('sha256').update(bytes).digest('hex') !== hash) {
      throw new BroadsheetError({ code: 'ContentChanged', message: 'The file changed while the build was running', file: rel, hint: 'Run the build again.' });
    }
    return splitFrontMatter(bytes.toString('utf8'), rel).body;
  };
}

/** Relative `/`-separated paths of the Markdown files under `dir`, sorted. */
export function findMarkdownFiles(dir: string, problems: Problem[] = []): string[] {
  const out: string[] = [];
  const visit = (abs: string, rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      problems.push({
        code: 'ContentNotFound',
        message: `Cannot read the content folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        file: path.relative(process.cwd(), abs) || abs,
        hint: 'Check "content" in the config or the --content flag.',
      });
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(path.join(abs, e.name), childRel);
      else if ((e.isFile() || e.isSymbolicLink()) && /\.(md|markdown)$/i.test(e.name) && !/^_index\.(md|markdown)$/i.test(e.name)) out.push(childRel);
    }
  };
  visit(dir, '');
  return out.sort();
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
    const first = byUrl.get(a.url);
    if (!first) {
      byUrl.set(a.url, a);
      continue;
    }
    problems.push({
      code: 'SlugDuplicate',
      message: `slug "${a.slug}" gives the same URL ${a.url} as ${display(first.sourcePath)}`,
      file: display(a.sourcePath),
      line: slugLines.get(a) ?? 1,
      path: 'slug',
      hint: 'Give one of the two articles a different "slug:" in its front matter.',
    });
  }
  return problems;
}
