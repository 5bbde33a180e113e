import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Config } from '../config/schema.js';
import type { Problem } from '../errors.js';
import type { Article, Person } from './article.js';
import { splitFrontMatter } from './front-matter.js';
import { frontMatterSchema, nameList, FIELD_EXPECTS, TOPIC_FIELDS, type FrontMatterData, type FrontMatterSchema } from './front-matter-schema.js';
import { fastValidate } from './fast-validate.js';
import { permalinkFor } from './permalink.js';
import { withoutPrototypeKeys } from './prototype-keys.js';
import { slugFromPath, unsafeSlugReason } from './slug.js';
import { defineLazy } from './lazy.js';
import { summarize } from './summary.js';
import { cleanLine } from '../lib/clean-text.js';
import { resolveUrlField, URL_FIELD_HINT } from '../lib/url-field.js';
import { fileNameDate, resolveAliases } from './field-aliases.js';
import { notListedSetting, type NotArticle } from './not-articles.js';

/** What parsing (and rendering) one file needs of the config: `messages` names the footnotes' words, `content` where dates come from. */
export type ArticleConfig = Pick<Config, 'site' | 'topics' | 'content'> & Partial<Pick<Config, 'messages'>>;

export interface ParseOptions {
  /** sha256 of the raw bytes when the caller already has them; else computed from `text`. */
  hash?: string;
  /**
   * Gives the body again on demand (re-reading the file), so the article does not keep
   * it: a 40,000-article build then holds only the few bodies it renders.
   */
  bodyLoader?: (() => string) | undefined;
}

/** One file's parse: an article, the problems that stop it being one, or why it is not one. */
export interface ParsedFile {
  article?: Article;
  problems: Problem[];
  slugLine?: number;
  /** Set when the file is not an article and that is no problem: a page without a date, or a file its generator keeps out of lists. */
  notArticle?: NotArticle;
}

/**
 * Parses one Markdown file (no I/O): splits and validates the front matter and
 * normalises it into an Article. Every problem is returned, each with `file:line` of the
 * offending field; `article` is set only when there are none. A file with no date from
 * any source is a page and comes back as `notArticle`, unless `content.include` names the
 * files that are articles: there a missing date is a problem.
 */
export function parseArticle(text: string, relPath: string, config: ArticleConfig, options: ParseOptions = {}): ParsedFile {
  const file = relPath;
  const fm = splitFrontMatter(text, file);
  if (fm.problems.length > 0) return { problems: fm.problems };
  const lineOf = (key: string | undefined): number => (key !== undefined ? fm.keyLines.get(key) : undefined) ?? fm.line;
  // Before anything copies the data: a `__proto__` key must never become a prototype.
  const guarded = withoutPrototypeKeys(fm.data, file, lineOf);
  fm.data = guarded.data;
  const sourcePath = relPath.includes('\\') ? relPath.split('\\').join('/') : relPath;
  // With content.include set, every file read is one the config calls an article.
  const strict = config.content.include.length > 0;

  const nameDated = config.content.date.includes(':filename') && fileNameDate(relPath) !== undefined;
  if (fm.format === 'none' && !strict && !nameDated) return { problems: [], notArticle: { file: sourcePath, reason: 'no-date' } };
  if (fm.format === 'none') {
    return {
      problems: [{ code: 'FrontMatterMissing', message: 'No front matter: "title" and "date" are required', file, line: 1, hint: 'Start the file with "---", then "title: …" and "date: 2025-06-16", then "---".' }],
    };
  }

  // Other generators' field names and date sources, onto the schema's fields.
  const resolved = resolveAliases(fm.data, relPath, config.content, file, (key) => lineOf(key));
  if (!resolved.dated && !strict) return { problems: [], notArticle: { file: sourcePath, reason: 'no-date' } };
  // A file its generator keeps out of lists is never checked: it will not be published.
  const setting = notListedSetting(fm.data);
  if (setting) return { problems: [], notArticle: { file: sourcePath, reason: 'not-listed', setting } };
  const input = resolved.data;
  const lineOfField = (key: string | undefined): number => lineOf(key !== undefined ? (resolved.sources.get(key) ?? key) : undefined);

  // The usual front matter takes a fast path with the schema's exact result.
  const fast = fastValidate(input, config.site.timezone);
  const result: ReturnType<FrontMatterSchema['safeParse']> = fast ? { success: true, data: fast } : frontMatterSchema(config.site.timezone).safeParse(input);
  const field = config.topics.field;
  const custom = field !== undefined && !(TOPIC_FIELDS as readonly string[]).includes(field) ? nameList.optional().safeParse(input[field]) : undefined;
  const problems: Problem[] = guarded.problems;
  if (!result.success || custom?.success === false) {
    const issues = [...(result.error?.issues ?? []), ...(custom?.error?.issues.map((i) => ({ ...i, path: [field ?? '', ...i.path] })) ?? [])];
    for (const issue of issues) problems.push(issueToProblem(issue, input, file, lineOfField, resolved.sources, strict));
  }

  // The slug is checked even when other fields are wrong, so every problem shows at once.
  const rawSlug = fm.data['slug'];
  const fromFrontMatter = typeof rawSlug === 'string' || typeof rawSlug === 'number';
  const slug = fromFrontMatter ? String(rawSlug).normalize('NFC').trim() : slugFromPath(relPath);
  const unsafe = unsafeSlugReason(slug);
  if (unsafe) {
    problems.push({
      code: 'SlugUnsafe',
      message: fromFrontMatter ? `slug "${slug}" ${unsafe}` : `the slug taken from the file name, "${slug}", ${unsafe}`,
      file,
      line: lineOf(fromFrontMatter ? 'slug' : undefined),
      path: 'slug',
      hint: 'Use one path segment of letters, digits and hyphens, e.g. slug: my-article.',
    });
  }
  if (!result.success || problems.length > 0) return { problems };
  const data = result.data;

  const url = permalinkFor(config, slug, data.date, relPath);
  // The schema checked every URL field; here they are made absolute: a lead image's
  // path against the article's URL, an author's page against the site's.
  let image: string | undefined;
  if (data.image !== undefined && url) {
    image = resolveUrlField(data.image, url);
    if (image === undefined) problems.push({ code: 'FrontMatterInvalid', message: `image: "${data.image}" is not a URL or path`, file, line: lineOfField('image'), path: resolved.sources.get('image') ?? 'image', hint: URL_FIELD_HINT });
  }
  const authors = absoluteAuthorUrls(data.authors ?? data.author, config.site.url);
  if (authors === null) problems.push({ code: 'FrontMatterInvalid', message: 'an author url is not a URL or path', file, line: lineOf(data.authors ? 'authors' : 'author'), path: data.authors ? 'authors' : 'author', hint: URL_FIELD_HINT });
  if (problems.length > 0 || authors === null) return { problems };

  const topicField = field ?? TOPIC_FIELDS.find((k) => data[k] !== undefined);
  const topics = custom?.data ?? (topicField ? data[topicField as (typeof TOPIC_FIELDS)[number]] : undefined) ?? [];
  // Built field by field in this order (the order the cache and the tests see), with no
  // object spread per optional field: this runs once per article.
  const fields: Partial<Article> = {
    id: url,
    slug,
    sourcePath,
    url,
    title: cleanLine(data.title),
    date: data.date,
    updated: data.updated ?? data.lastmod ?? data.date,
    draft: data.draft ?? false,
  };
  if (data.publishDate) fields.publishDate = data.publishDate;
  if (data.expiryDate) fields.expiryDate = data.expiryDate;
  fields.tags = oneLineNames(data.tags ?? []);
  fields.topics = oneLineNames(topics);
  fields.authors = oneLinePeople(authors) ?? siteAuthor(config);
  if (image) fields.image = image;
  fields.bodyLine = fm.bodyLine;
  const fieldLines = lineRecord(fm.keyLines);
  // A field read from an alias is found at the alias's line (a tag slug clash in `tag:`).
  for (const [key, from] of resolved.sources) {
    const line = fm.keyLines.get(from);
    if (line !== undefined && !fm.keyLines.has(key) && key !== '__proto__') fieldLines[key] = line;
  }
  fields.fieldLines = fieldLines;
  fields.hash = options.hash ?? createHash('sha256').update(text).digest('hex');
  if (resolved.warnings.length > 0) fields.warnings = resolved.warnings;
  const article = fields as Article;
  if (options.bodyLoader) defineLazy(article, 'body', options.bodyLoader);
  else article.body = fm.body;
  lazySummary(article, data.summary ?? data.description, config.site.language);
  return { article, problems, slugLine: fromFrontMatter ? lineOf('slug') : 1 };
}

/**
 * Names are shown on one line (a Subject, a heading, a terminal line): a tab or line
 * break written into one (`"AI\nML"`) becomes a space. Names that then read the same are
 * one name. Nearly every list is unchanged and returned as it is.
 */
function oneLineNames(names: string[]): string[] {
  if (!names.some((n) => /[\t\n\r]/.test(n))) return names;
  return [...new Set(names.map(cleanLine))];
}

/** The people with each `url` made absolute against the site; null when one cannot be (the schema refuses those first). */
function absoluteAuthorUrls(people: Person[] | undefined, site: string): Person[] | undefined | null {
  if (!people?.some((p) => p.url !== undefined)) return people;
  const out: Person[] = [];
  for (const p of people) {
    if (p.url === undefined) {
      out.push(p);
      continue;
    }
    const url = resolveUrlField(p.url, siteBaseHref(site));
    if (url === undefined) return null;
    out.push({ ...p, url });
  }
  return out;
}

/** `site.url` with a path that ends in `/` and no query, so `about/` resolves under it. */
function siteBaseHref(site: string): URL {
  const base = new URL(site);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  return base;
}

function oneLinePeople(people: Person[] | undefined): Person[] | undefined {
  if (!people?.some((p) => /[\t\n\r]/.test(p.name))) return people;
  return people.map((p) => ({ ...p, name: cleanLine(p.name) }));
}

/** The site's author as an article's authors (a fresh array each time: articles never share one). */
function siteAuthor(config: ArticleConfig): Person[] {
  const author = config.site.author;
  if (!author) return [];
  return [{ name: author.name, ...(author.email ? { email: author.email } : {}), ...(author.url ? { url: author.url } : {}) }];
}

/**
 * The key lines as a plain record, in the Map's order (Object.fromEntries' result,
 * without an entry array per key: this runs once per article, on large builds).
 */
function lineRecord(lines: ReadonlyMap<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  lines.forEach((line, key) => {
    if (key === '__proto__') Object.defineProperty(out, key, { value: line, enumerable: true, writable: true, configurable: true });
    else out[key] = line;
  });
  return out;
}

/**
 * A summary costs a Markdown lex, and most articles of a large site are in no feed and
 * no edition: it is computed on first read. Readers see an ordinary string.
 * A function of its own, so the getter holds on to nothing but the article (not the
 * parsed file, whose body a cache may have chosen not to keep).
 */
function lazySummary(article: Article, explicit: string | undefined, language: string): void {
  defineLazy(article, 'summary', () => summarize(article.body, explicit, language));
}

function issueToProblem(
  union: z.core.$ZodIssue,
  data: Record<string, unknown>,
  file: string,
  lineOf: (key: string | undefined) => number,
  sources: ReadonlyMap<string, string>,
  strict: boolean,
): Problem {
  const issue = deepestIssue(union);
  const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
  // A field filled from an alias is named as written (`pubDate`, not `date`).
  const written = issue.path.map((p, i) => (i === 0 && key !== undefined ? (sources.get(key) ?? key) : p));
  const dotted = written.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
  const present = key !== undefined && data[key] !== undefined;
  let message: string;
  let hint: string | undefined;
  if (!present && key !== undefined) {
    message = `${key} is required`;
    hint =
      key === 'date'
        ? `Add a line such as "date: 2025-06-16T12:30:04+08:00", or start the file name with the date (2025-06-16-name.md)${strict ? '; content.include in the config says this file is an article' : ''}.`
        : `Add a line such as "${key}: …".`;
  } else if (issue.code === 'custom' || (issue.path.length > 1 && typeof issue.path[issue.path.length - 1] === 'string')) {
    // Our own messages, and ones about a named sub-field (`author.email`), read as they are.
    message = `${dotted}: ${issue.message.replace(/^Invalid input: /, '')}`;
    const params = (issue as { params?: { hint?: string } }).params;
    hint = params?.hint ?? `Fix the value of "${dotted}"; see docs/front-matter.md.`;
  } else if (issue.code === 'too_small' && key === 'title') {
    message = 'title is empty';
    hint = 'Give the article a title.';
  } else {
    message = `${dotted || 'front matter'} ${(key && FIELD_EXPECTS[key]) || (key && (TOPIC_FIELDS as readonly string[]).includes(key) ? 'must be a name or a list of names' : issue.message)}`;
    hint = `Fix the value of "${key ?? 'the field'}"; see docs/front-matter.md.`;
  }
  return { code: present ? 'FrontMatterInvalid' : 'FrontMatterMissingField', message, file, line: lineOf(present ? key : undefined), ...(dotted ? { path: dotted } : {}), ...(hint ? { hint } : {}) };
}

/**
 * For a value that matched no alternative (`author: {name: A, email: nope}`), the issue of
 * the alternative that got furthest, so the message names the bad part (`author.email`).
 */
function deepestIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  let best: z.core.$ZodIssue | undefined;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (inner.path.length > 0 && (!best || inner.path.length > best.path.length)) best = inner;
    }
  }
  return best ? deepestIssue({ ...best, path: [...issue.path, ...best.path] }) : issue;
}

export type { FrontMatterData };
