import { readDateText } from './date-forms.js';
import type { FrontMatterData } from './front-matter-schema.js';
import { isPrototypeKey } from './prototype-keys.js';

/**
 * A fast path for validating the front matter nearly every article has (title, date,
 * draft, summary or description, and lists of names), returning exactly what the zod
 * schema in front-matter-schema.ts returns for it, or undefined for anything else —
 * another schema field, a number, a Date object, a null, a bad date, an empty title —
 * which the schema then validates and reports. zod costs ~40 µs an article, a third of
 * loading 40,000 of them. test/bench/fast-validate.test.ts compares the two.
 */

/** Schema fields this path handles; the schema's other fields send it to zod. */
const HANDLED = new Set(['title', 'date', 'draft', 'summary', 'description', 'tags', 'main_topics', 'topics', 'categories']);
const OTHER_SCHEMA_FIELDS = new Set(['updated', 'lastmod', 'publishDate', 'expiryDate', 'author', 'authors', 'slug', 'image']);
const NAME_LISTS = new Set(['tags', 'main_topics', 'topics', 'categories']);

/** The schema's result for `data`, or undefined to let the schema decide. */
export function fastValidate(data: Record<string, unknown>, timeZone: string): FrontMatterData | undefined {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    const value = data[key];
    // A key naming the prototype would become one through `out[key] =`: the schema path decides.
    if (OTHER_SCHEMA_FIELDS.has(key) || isPrototypeKey(key)) return undefined;
    if (!HANDLED.has(key)) {
      // Other tools' fields pass through untouched, as the schema's .loose() does.
      out[key] = value;
      continue;
    }
    if (key === 'draft') {
      if (typeof value !== 'boolean') return undefined;
      out[key] = value;
    } else if (NAME_LISTS.has(key)) {
      const names = nameList(value);
      if (!names) return undefined;
      out[key] = names;
    } else if (typeof value !== 'string') {
      return undefined;
    } else if (key === 'title') {
      const title = value.trim();
      if (title === '') return undefined;
      out[key] = title;
    } else if (key === 'date') {
      const date = readDateText(value, timeZone);
      if (!date) return undefined;
      out[key] = date;
    } else {
      out[key] = value;
    }
  }
  if (out['title'] === undefined || out['date'] === undefined) return undefined;
  return out as FrontMatterData;
}

/** front-matter-schema's nameList for a string or a list of strings: NFC, trimmed, no empties, no repeats. */
function nameList(value: unknown): string[] | undefined {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list) return undefined;
  const out: string[] = [];
  // Front matter lists are short: scanning the list so far costs less than a Set per
  // list; a long one gets a Set.
  const seen = list.length > 16 ? new Set<string>() : undefined;
  for (const item of list) {
    if (typeof item !== 'string') return undefined;
    const name = item.normalize('NFC').trim();
    if (name === '' || (seen ? seen.has(name) : out.includes(name))) continue;
    seen?.add(name);
    out.push(name);
  }
  return out;
}
