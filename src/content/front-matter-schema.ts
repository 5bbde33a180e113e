import { z } from 'zod';
import { parseDate } from './dates.js';
import { URL_FIELD_HINT, urlProblem } from '../lib/url-field.js';
import { isTomlDate, readDateText } from './date-forms.js';

/**
 * The one schema for an article's front matter. Dates depend on the site's time zone and
 * so the schema is built per zone and cached. Unknown keys are allowed: front matter often carries other tools' fields.
 */

/** Default fields tried, in order, for an article's topics. */
export const TOPIC_FIELDS = ['main_topics', 'topics', 'categories'] as const;

const DATE_HINT = 'Write a date such as 2025-06-16, 2025-06-16T12:30:04, 2025-06-16T12:30:04+08:00, "2025-06-16 12:30:04 +0800" or "Jun 16 2025".';

function dateField(timeZone: string) {
  return z.union([z.string(), z.date()]).transform((v, ctx): Date => {
    // TOML local dates and times carry no offset: read them in the site's time zone.
    const text = typeof v === 'string' ? v : isTomlDate(v) && v.isLocal() ? v.toISOString() : undefined;
    if (text === undefined) {
      if (Number.isNaN((v as Date).getTime())) {
        ctx.addIssue({ code: 'custom', message: 'is not a valid date', params: { hint: DATE_HINT } });
        return z.NEVER;
      }
      // A plain Date: TomlDate overrides toISOString with the offset as written.
      return new Date((v as Date).getTime());
    }
    const d = readDateText(text, timeZone);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a date`, params: { hint: DATE_HINT } });
      return z.NEVER;
    }
    return d;
  });
}

/** One name or a list of names; numbers are read as text (`tags: [2025]`). */
export const nameList = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
  .transform((v): string[] => {
    const list = Array.isArray(v) ? v : [v];
    const seen = new Set<string>();
    const out: string[] = [];
    for (const item of list) {
      const name = String(item).normalize('NFC').trim();
      if (name !== '' && !seen.has(name)) {
        seen.add(name);
        out.push(name);
      }
    }
    return out;
  });

// Feeds print these (RSS `author` is `email (Name)`), so they must be well formed.
const emailAddress = z.string().trim().regex(/^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/, { message: 'is not an email address' });
/**
 * A URL field (`image`, an author's `url`): an http(s) URL or a path on the site, checked
 * here so that a bad one is reported with every other problem; parse-article.ts makes it
 * absolute.
 */
const urlField = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    const problem = urlProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { hint: URL_FIELD_HINT } });
  });
const personObject = z.object({ name: z.string().trim().min(1), email: emailAddress.optional(), url: urlField.optional() });
/** `Name`, `Name <email>`, or `{name, email, url}`. */
const person = z.union([z.string().trim().min(1), personObject]).transform((v) => {
  if (typeof v !== 'string') return { name: v.name, ...(v.email ? { email: v.email } : {}), ...(v.url ? { url: v.url } : {}) };
  const m = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(v);
  return m && m[1] ? { name: m[1], email: m[2] ?? '' } : { name: v };
});
const people = z.union([person, z.array(person)]).transform((v) => (Array.isArray(v) ? v : [v]));

const text = z.union([z.string(), z.number()]).transform((v) => String(v));

function build(timeZone: string) {
  const date = dateField(timeZone);
  return z
    .object({
      title: text.pipe(z.string().trim().min(1, { message: 'is empty' })),
      date,
      updated: date.optional(),
      lastmod: date.optional(),
      publishDate: date.optional(),
      expiryDate: date.optional(),
      draft: z.boolean().optional(),
      summary: z.string().optional(),
      description: z.string().optional(),
      tags: nameList.optional(),
      author: people.optional(),
      authors: people.optional(),
      slug: text.optional(),
      image: urlField.optional(),
      // The default topic fields; a custom `topics.field` is checked with `nameList` too.
      main_topics: nameList.optional(),
      topics: nameList.optional(),
      categories: nameList.optional(),
    })
    .loose();
}

export type FrontMatterSchema = ReturnType<typeof build>;
/** Validated front matter. */
export type FrontMatterData = z.output<FrontMatterSchema>;

const cache = new Map<string, FrontMatterSchema>();

/** The front matter schema for a site time zone (built once per zone). */
export function frontMatterSchema(timeZone: string): FrontMatterSchema {
  let schema = cache.get(timeZone);
  if (!schema) {
    schema = build(timeZone);
    cache.set(timeZone, schema);
  }
  return schema;
}

/** What each field should hold, for messages about wrong types. */
export const FIELD_EXPECTS: Record<string, string> = {
  title: 'must be text, e.g. title: "Hello"',
  date: 'must be a date such as 2025-06-16T12:30:04+08:00',
  updated: 'must be a date such as 2025-06-16T12:30:04+08:00',
  lastmod: 'must be a date such as 2025-06-16T12:30:04+08:00',
  publishDate: 'must be a date such as 2025-06-16T12:30:04+08:00',
  expiryDate: 'must be a date such as 2025-06-16T12:30:04+08:00',
  draft: 'must be true or false',
  summary: 'must be text',
  description: 'must be text',
  tags: 'must be a name or a list of names',
  author: 'must be a name, "Name <email>", {name, email, url} or a list of them',
  authors: 'must be a name, "Name <email>", {name, email, url} or a list of them',
  slug: 'must be text',
  image: 'must be a URL or a path to an image',
};
