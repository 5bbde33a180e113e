import { z } from 'zod';
import { cronExpressionError } from '../schedule/cron.js';
import { isMessageKey, suggestKey } from '../i18n/messages.js';
import { urlProblem } from '../lib/url-field.js';
import { parseByteSize } from './byte-size.js';

/**
 * The one schema for `broadsheet.yaml`. Types are inferred from it; defaults live here
 * and nowhere else. Keys are snake_case as users write them.
 */

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const timeZone = z.string().refine(isTimeZone, { message: 'is not an IANA time zone such as "Asia/Shanghai" or "UTC"' });

/** `site.url`, `newsletter.service_url`: absolute http(s) only (lib/url-field.ts). */
const absoluteUrl = z.string().superRefine((s, ctx) => {
  const problem = urlProblem(s.trim(), 'absolute');
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform((s) => s.trim());

/** `site.image`, `site.author.url`: an http(s) URL or a path on the site, made absolute against site.url by load.ts. */
const urlOrPath = z.string().superRefine((s, ctx) => {
  const problem = urlProblem(s.trim());
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform((s) => s.trim());

const email = z.string().regex(/^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/, { message: 'is not an email address' });

/** A mailbox: `{name, address}` or the string `Name <address>` / `address`. */
const mailbox = z.union([
  z.object({ name: z.string().optional(), address: email }).strict(),
  z.string().transform((s, ctx) => {
    const m = /^\s*(?:"?([^"<]*?)"?\s*<([^>]+)>|([^\s<>]+))\s*$/.exec(s);
    const address = m ? (m[2] ?? m[3] ?? '') : '';
    if (!email.safeParse(address).success) {
      ctx.addIssue({ code: 'custom', message: 'is not a mailbox such as "Name <news@example.com>"' });
      return z.NEVER;
    }
    const name = m?.[1]?.trim();
    return name ? { name, address } : { address };
  }),
]);

/** Display names and slugs for topics or tags, keyed by the name used in front matter. */
const labels = z
  .object({
    names: z.record(z.string(), z.string().min(1)).default({}),
    slugs: z.record(z.string(), z.string().min(1)).default({}),
  })
  .strict();

/** The largest article file read, unless the config says otherwise: far above any real article, far below what would stall a build. */
export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

/** A size in bytes: a positive whole number, or text such as `4MB` or `512 KiB`. */
const byteSize = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const bytes = typeof v === 'number' ? v : parseByteSize(v);
  if (bytes === undefined || !Number.isSafeInteger(bytes) || bytes <= 0) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(v)} is not a size such as 4MB, 512KB or 2000000 (bytes)` });
    return z.NEVER;
  }
  return bytes;
});

/** A duration such as `14d`, `36h`, `2w` or `90m`. */
export const durationPattern = /^(\d+(?:\.\d+)?)\s*(m|h|d|w)$/;
const duration = z.string().regex(durationPattern, { message: 'is not a duration such as "14d", "36h" or "2w"' });

/** `messages: { key: text }`: every key must name a message; a misspelt one gets a suggestion. */
const messageOverrides = z
  .record(z.string(), z.string())
  .superRefine((record, ctx) => {
    for (const key of Object.keys(record)) {
      if (isMessageKey(key)) continue;
      const near = suggestKey(key);
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `"${key}" is not a message key${near ? `; did you mean "${near}"?` : ''} (docs/languages.md lists them all)`,
      });
    }
  })
  .default({});

/** Where an article's date is read from, in order, when the config does not say. */
export const DEFAULT_DATE_FROM = ['date', 'publishDate', 'pubDate', 'published', ':filename'] as const;
/** Where an article's last change is read from, in order, when the config does not say. */
export const DEFAULT_UPDATED_FROM = ['updated', 'lastmod', 'updatedDate', 'modified'] as const;

/** A front matter field name, or `:filename` for a `YYYY-MM-DD-` prefix of the file (or bundle folder) name. */
const dateSource = z.string().regex(/^(?::filename|[A-Za-z_][A-Za-z0-9_-]*)$/, { message: 'is not a front matter field name or ":filename"' });

const globList = z.array(z.string().min(1)).default([]);

const contentOptions = z
  .object({
    dir: z.string().min(1).default('content'),
    /** Globs (relative to dir) of the files that are articles; none means every Markdown file. */
    include: globList,
    /** Globs of files that are never read, even when an include names them. */
    exclude: globList,
    /** Where an article's date comes from, first found wins. */
    date: z.array(dateSource).min(1, { message: 'needs at least one field name or ":filename"' }).default([...DEFAULT_DATE_FROM]),
    /** Where its last change comes from, first found wins; none found means its date. */
    updated: z.array(dateSource).default([...DEFAULT_UPDATED_FROM]),
  })
  .strict();

/** The content folder, as a bare folder name or with options; always the options once read. */
const contentSchema = z
  .union([z.string().min(1).transform((dir) => contentOptions.parse({ dir })), contentOptions], {
    error: 'must be a folder name, or {dir, include, exclude, date, updated}',
  })
  .prefault('content');

/** The content options, defaults applied. */
export type ContentOptions = z.output<typeof contentOptions>;

export const configSchema = z
  .object({
    site: z
      .object({
        title: z.string().min(1),
        url: absoluteUrl,
        description: z.string().default(''),
        language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'is not a BCP 47 language tag such as "en" or "zh-CN"' }).default('en'),
        timezone: timeZone.default('UTC'),
        author: z.object({ name: z.string().min(1), email: email.optional(), url: urlOrPath.optional() }).strict().optional(),
        copyright: z.string().optional(),
        /** Article URL pattern under site.url: tokens :slug, :year, :month, :day, :section. */
        permalink: z.string().regex(/^\/.*\/$|^\/.*\.html$/, { message: 'must start with "/" and end with "/" or ".html", e.g. "/posts/:slug/"' }).default('/:slug/'),
        image: urlOrPath.optional(),
      })
      .strict(),
    /**
     * Folder of Markdown articles, relative to the config file; or, to say more about
     * it, `{dir, include, exclude, date, updated}` (see contentSchema).
     */
    content: contentSchema,
    /** Output folder, relative to the config file. */
    output: z.string().min(1).default('public'),
    /** Bounds on what one content file may cost a build. */
    limits: z
      .object({
        /** An article file larger than this is refused without being read whole. */
        max_file_size: byteSize.default(DEFAULT_MAX_FILE_SIZE),
      })
      .strict()
      .default({ max_file_size: DEFAULT_MAX_FILE_SIZE }),
    feeds: z
      .object({
        limit: z.number().int().positive().default(20),
        /** Per-topic and per-tag feeds; turn off for very large tag clouds. */
        topics: z.boolean().default(true),
        tags: z.boolean().default(true),
        /** Formats written for every feed; RSS alone is a third of the files and bytes. */
        formats: z
          .array(z.enum(['rss', 'atom', 'json']))
          .min(1, { message: 'needs at least one of rss, atom, json' })
          .refine((list) => new Set(list).size === list.length, { message: 'lists a format twice' })
          .default(['rss', 'atom', 'json']),
      })
      .strict()
      .default({ limit: 20, topics: true, tags: true, formats: ['rss', 'atom', 'json'] }),
    topics: labels
      .extend({
        /** Front matter field holding an article's topics; default tries main_topics, topics, categories. */
        field: z.string().min(1).optional(),
      })
      .strict()
      .default({ names: {}, slugs: {} }),
    tags: labels.default({ names: {}, slugs: {} }),
    digest: z
      .object({
        subject: z.string().default('{{site.title}} · {{date}}'),
        timezone: timeZone.optional(),
        /** Cron expression (5 fields) for scheduled editions. */
        schedule: z
          .string()
          .superRefine((s, ctx) => {
            const error = cronExpressionError(s);
            if (error) ctx.addIssue({ code: 'custom', message: `"${s}" is not a valid cron expression: ${error}` });
          })
          .optional(),
        /** Oldest article an edition may hold; default two schedule periods, else 14d. */
        lookback: duration.optional(),
        /** Topic order in the email; topics not listed follow by article count. */
        topics: z.array(z.string()).optional(),
        /**
         * An article with several topics: `first` shows it once per email, under the first
         * of the recipient's topics in the digest's order; `all` under each of them.
         */
        duplicates: z.enum(['all', 'first']).default('first'),
        /** Section title for articles without a topic (default: the language's `digestOther`); `false` leaves them out. */
        other: z.union([z.string().min(1), z.literal(false)]).optional(),
        preheader: z.string().optional(),
        /** Folder of templates overriding the shipped ones, relative to the config file. */
        templates: z.string().optional(),
      })
      .strict()
      .default({ subject: '{{site.title}} · {{date}}', duplicates: 'first' }),
    newsletter: z
      .object({
        from: mailbox.optional(),
        reply_to: mailbox.optional(),
        postal_address: z.string().optional(),
        /** Public base URL of `broadsheet serve`, used for unsubscribe and preferences links. */
        service_url: absoluteUrl.optional(),
        /** Optional `mailto:` address for List-Unsubscribe. */
        unsubscribe_mailto: email.optional(),
        /** List-Id identifier (RFC 2919), default derived from site.url's host. */
        list_id: z.string().optional(),
      })
      .strict()
      .default({}),
    delivery: z
      .object({
        /** Messages per second, never exceeded. */
        rate: z.number().positive().default(10),
        /** Messages in flight at once. */
        concurrency: z.number().int().positive().max(100).default(5),
        max_bounces: z.number().int().positive().default(3),
        /** Attempts a temporary failure gets within one run; after that it waits, pending, for the next run. */
        max_attempts: z.number().int().positive().default(5),
        /** Seconds: base of the exponential back-off between attempts (full jitter, capped at 10 minutes). */
        retry_delay: z.number().positive().max(600).default(5),
        /**
         * How long after an edition is created its temporary failures keep being retried
         * (across runs) before they are recorded as failed. Mail servers retry a 4xx for
         * days (RFC 5321 §4.5.4.1); a digest that arrives later than this is stale.
         */
        give_up_after: duration.default('3d'),
      })
      .strict()
      .default({ rate: 10, concurrency: 5, max_bounces: 3, max_attempts: 5, retry_delay: 5, give_up_after: '3d' }),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8787),
        /** Behind a reverse proxy: take the client address for rate limits from the last X-Forwarded-For entry. */
        trust_proxy: z.boolean().default(false),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8787, trust_proxy: false }),
    /** Per-key replacements for the language's words (keys as in docs/languages.md). */
    messages: messageOverrides,
  })
  .strict();

/** The config as written (before defaults). */
export type ConfigInput = z.input<typeof configSchema>;
/** The validated config, defaults applied, paths still as written. */
export type ConfigData = z.output<typeof configSchema>;
export type Mailbox = NonNullable<ConfigData['newsletter']['from']>;

/** Validated config plus where it came from, with `content` and `output` made absolute. */
export interface Config extends ConfigData {
  /** Absolute path of the config file, or undefined when built in code. */
  file: string | undefined;
  /** Folder the config file is in; relative paths resolve against it. */
  root: string;
  /** Absolute content folder. */
  contentDir: string;
  /** Absolute output folder. */
  outputDir: string;
}
