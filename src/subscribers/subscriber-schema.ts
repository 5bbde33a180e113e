import { z } from 'zod';
import { SUBSCRIBER_STATUSES, type SubscriberStatus } from '../store/types.js';
import type { TopicIndex } from './topic-index.js';

/** Longest address SMTP can carry (RFC 5321 path limit minus the angle brackets). */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_NAME_LENGTH = 100;
/** How a list of topics is written in one CSV field. */
export const TOPIC_SEPARATOR = ';';

// Unquoted local parts only: quoted ones ("a b"@x) are legal but no list should hold them.
const LOCAL = /^[^\s\p{Cc}@"(),:;<>[\]\\]{1,64}$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TLD = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

/**
 * A deliverable address: `local@domain`, local part without spaces, quotes or brackets
 * and no empty dot-separated part; domain of at least two labels ending in a real-looking
 * TLD. Internationalised addresses (letters of any script) pass.
 */
export function isEmailAddress(s: string): boolean {
  const at = s.lastIndexOf('@');
  if (at <= 0) return false;
  const local = s.slice(0, at);
  const labels = s.slice(at + 1).split('.');
  if (!LOCAL.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && TLD.test(labels[labels.length - 1] ?? '');
}

/** The raw strings of one subscriber as a CSV row or the `add` command gives them. */
export interface RawSubscriber {
  email: string;
  name?: string;
  /** Topic names, slugs or titles. */
  topics?: string[];
  status?: string;
}

/** One subscriber, validated and normalised, ready for the store. */
export interface ValidSubscriber {
  email: string;
  /** Undefined when not given (keep what is stored); null when given empty. */
  name: string | null | undefined;
  /** Canonical topic names, each once; empty = every topic; undefined when not given. */
  topics: string[] | undefined;
  /** Only when the input named one (`status` column). */
  status: SubscriberStatus | undefined;
}

/**
 * The one schema for a subscriber given on the command line or in an import file.
 * Topics must exist in the content (matched by name, slug or title through `topics`).
 * Messages never repeat the address: it is personal data and the row number finds it.
 */
export function subscriberSchema(topics: TopicIndex) {
  return z.object({
    email: z
      .string()
      .trim()
      .min(1, { message: 'the email address is missing' })
      .max(MAX_EMAIL_LENGTH, { message: `the email address is longer than ${MAX_EMAIL_LENGTH} characters` })
      .refine((s) => s === '' || s.length > MAX_EMAIL_LENGTH || isEmailAddress(s), { message: 'the email address is not valid' }),
    name: z
      .string()
      // A wrapped spreadsheet cell reads as one line; other control characters are refused
      // because the name ends up in the To: header.
      .transform((s) => s.replace(/[\r\n\t]+/g, ' ').replace(/ {2,}/g, ' ').trim())
      .pipe(
        z
          .string()
          .max(MAX_NAME_LENGTH, { message: `the name is longer than ${MAX_NAME_LENGTH} characters` })
          .refine((s) => !/\p{Cc}/u.test(s), { message: 'the name holds a control character' }),
      )
      .optional()
      // Absent (no column, no flag) leaves a stored name alone; empty clears it.
      .transform((s) => (s === undefined ? undefined : s || null)),
    topics: z
      .array(z.string())
      .optional()
      .transform((list, ctx) => {
        if (list === undefined) return undefined;
        const out: string[] = [];
        for (const raw of list) {
          const wanted = raw.trim();
          if (wanted === '') continue;
          const name = topics.resolve(wanted);
          if (name === undefined) ctx.addIssue({ code: 'custom', message: `unknown topic "${wanted}"`, path: [] });
          else if (!out.includes(name)) out.push(name);
        }
        return out;
      }),
    status: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .refine((s) => !s || (SUBSCRIBER_STATUSES as readonly string[]).includes(s), {
        message: `the status must be one of ${SUBSCRIBER_STATUSES.join(', ')} (or empty)`,
      })
      .transform((s) => (s ? (s as SubscriberStatus) : undefined)),
  });
}

/** Splits a topics field (`AI; C++;人工智能`). */
export function splitTopics(field: string, separator = TOPIC_SEPARATOR): string[] {
  return field.split(separator).map((t) => t.trim()).filter((t) => t !== '');
}

/** Validates one subscriber: the value, or every message with the field it is about. */
export function validateSubscriber(
  schema: ReturnType<typeof subscriberSchema>,
  raw: RawSubscriber,
): { ok: true; value: ValidSubscriber } | { ok: false; issues: { field: string; message: string }[] } {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, issues: result.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message })) };
}
