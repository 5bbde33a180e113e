import type { Problem } from '../errors.js';
import { isDateValue } from './date-forms.js';

/**
 * Front matter as other site generators name its fields, mapped onto the fields the
 * schema validates (no I/O): the date and last change from their configured sources,
 * `category`/`tag`, the lead image's names, `excerpt`. Runs before validation, so the
 * fast path and the schema see the same data and stay identical. The one table of
 * these aliases, for users, is in docs/existing-sites.md: change both together.
 */

export interface AliasOptions {
  /** Where the date comes from, first found wins: field names or `:filename`. */
  date: readonly string[];
  /** Where the last change comes from, first found wins. */
  updated: readonly string[];
}

export interface ResolvedFields {
  /** The front matter with the schema's fields filled from their aliases; `data` itself when nothing changed. */
  data: Record<string, unknown>;
  /** For a field filled from another key: that key (`date` ← `pubDate`), or `:filename`. */
  sources: Map<string, string>;
  /** Whether any date source gave a value (readable or not): a file with none is a page. */
  dated: boolean;
  /** Problems that do not stop the build: an unreadable date replaced by the file name's. */
  warnings: Problem[];
}

const FILENAME = ':filename';
const FILE_DATE = /^(\d{4}-\d{2}-\d{2})(?:-|$)/;

/**
 * The `YYYY-MM-DD` a file name starts with (Jekyll's `_posts`, Eleventy, Hugo's
 * `:filename`); for a bundle's `index.md` the folder's name. Undefined when none, or
 * when it is not a real date (`2025-02-30-`).
 */
export function fileNameDate(relPath: string): string | undefined {
  const parts = relPath.split(/[/\\]/);
  let name = (parts.pop() ?? '').replace(/\.(md|markdown)$/i, '');
  if ((name === 'index' || name === '_index') && parts.length > 0) name = parts.pop() ?? name;
  const m = FILE_DATE.exec(name);
  return m && isDateValue(m[1]) ? m[1] : undefined;
}

/** A value that says nothing: absent, null, or empty text (`date:` with nothing after it). */
const blank = (v: unknown): boolean => v === undefined || v === null || v === '';

/** Copy-on-write: the first change copies `data`. */
class Draft {
  data: Record<string, unknown>;
  private copied = false;
  readonly sources = new Map<string, string>();
  constructor(private readonly original: Record<string, unknown>) {
    this.data = original;
  }
  set(key: string, value: unknown, from: string): void {
    if (!this.copied) {
      this.data = { ...this.original };
      this.copied = true;
    }
    this.data[key] = value;
    if (from !== key) this.sources.set(key, from);
    else this.sources.delete(key);
  }
  remove(key: string): void {
    if (!(key in this.data)) return;
    if (!this.copied) {
      this.data = { ...this.original };
      this.copied = true;
    }
    delete this.data[key];
  }
}

/**
 * Fills the schema's fields from their aliases. `file` and `lineOf` place warnings.
 * Only reads `data`; a changed result is a new object.
 */
export function resolveAliases(data: Record<string, unknown>, relPath: string, options: AliasOptions, file: string, lineOf: (key: string) => number): ResolvedFields {
  const draft = new Draft(data);
  const warnings: Problem[] = [];
  const dated = resolveDate(draft, relPath, options.date, file, lineOf, warnings);
  resolveUpdated(draft, relPath, options.updated);
  mergeNames(draft, 'categories', 'category');
  mergeNames(draft, 'tags', 'tag');
  resolveImage(draft);
  if (blank(data['summary']) && blank(data['description']) && typeof data['excerpt'] === 'string') draft.set('summary', data['excerpt'], 'excerpt');
  return { data: draft.data, sources: draft.sources, dated, warnings };
}

/** The first source in `order` with a value: its key and value. Jekyll's `published: false` is a switch, not a date. */
function firstSource(data: Record<string, unknown>, relPath: string, order: readonly string[]): { from: string; value: unknown } | undefined {
  for (const from of order) {
    if (from === FILENAME) {
      const d = fileNameDate(relPath);
      if (d) return { from, value: d };
      continue;
    }
    const value = data[from];
    if (blank(value) || (from === 'published' && typeof value === 'boolean')) continue;
    return { from, value };
  }
  return undefined;
}

function resolveDate(draft: Draft, relPath: string, order: readonly string[], file: string, lineOf: (key: string) => number, warnings: Problem[]): boolean {
  const data = draft.data;
  const found = firstSource(data, relPath, order);
  if (!found) {
    // No date at all; a `date` key the order leaves out is not one either.
    draft.remove('date');
    return false;
  }
  let { from, value } = found;
  if (from !== FILENAME && order.includes(FILENAME)) {
    const named = fileNameDate(relPath);
    // An unreadable date in a file whose name has one: the name's date, and a warning.
    if (named && !isDateValue(value)) {
      warnings.push({
        code: 'DateFromFileName',
        message: `${from} ${typeof value === 'string' ? `"${value}"` : String(value)} cannot be read as a date; the file name's date, ${named}, is used instead`,
        file,
        line: lineOf(from),
        path: from,
        hint: `Write it as 2025-06-16 or 2025-06-16T12:30:04+08:00, or remove the "${from}" line to keep the file name's date.`,
      });
      from = FILENAME;
      value = named;
    }
  }
  if (from !== 'date' || value !== data['date']) draft.set('date', value, from);
  return true;
}

function resolveUpdated(draft: Draft, relPath: string, order: readonly string[]): void {
  const data = draft.data;
  const found = firstSource(data, relPath, order);
  if (!found || found.from === 'updated') return;
  // The article takes `updated`, else `lastmod`: with only lastmod, it is what is read.
  if (found.from === 'lastmod' && blank(data['updated'])) return;
  if (found.from === 'lastmod') {
    // Both given and lastmod first in the order: swap them, so both are still checked.
    const updated = data['updated'];
    draft.set('updated', found.value, 'lastmod');
    draft.set('lastmod', updated, 'updated');
    return;
  }
  draft.set('updated', found.value, found.from);
}

/** `plural` gets `singular`'s names first, then its own (as Jekyll reads `category` and `categories`). */
function mergeNames(draft: Draft, plural: string, singular: string): void {
  const one = draft.data[singular];
  if (blank(one)) return;
  const many = draft.data[plural];
  if (blank(many)) {
    draft.set(plural, one, singular);
    return;
  }
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  draft.set(plural, [...list(one), ...list(many)], plural);
}

const IMAGE_KEYS = ['image', 'heroImage', 'cover', 'featured_image', 'images'] as const;

/** A lead image as the generators' themes write it: a path or URL, `{image|src|url|path}`, or (Hugo's `images`) a list of them. */
function imageText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (Array.isArray(v)) return v.length > 0 ? imageText(v[0]) : undefined;
  if (v !== null && typeof v === 'object') {
    for (const key of ['image', 'src', 'url', 'path']) {
      const inner = (v as Record<string, unknown>)[key];
      if (typeof inner === 'string' && inner.trim() !== '') return inner;
    }
  }
  return undefined;
}

function resolveImage(draft: Draft): void {
  const data = draft.data;
  const image = data['image'];
  // A plain `image` (or one the schema will refuse, such as a number) stays as it is.
  if (typeof image === 'string' || (!blank(image) && typeof image !== 'object')) return;
  for (const key of IMAGE_KEYS) {
    const text = imageText(data[key]);
    if (text !== undefined) {
      draft.set('image', text, key);
      return;
    }
  }
}
