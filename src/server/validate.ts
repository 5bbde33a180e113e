import { z } from 'zod';
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH } from '../subscribers/subscriber-schema.js';

/**
 * The one schema for each browser form. Field errors name a message
 * key, so pages show them in the site's language.
 */

// Printable, no spaces or the characters that break address headers; dot-separated
// domain labels. Non-ASCII is allowed (internationalised addresses); control characters
// are not. Deliberately loose: the confirmation email is the real check.
const ATOM = String.raw`[^\s@<>()",;:\\[\]\p{Cc}]`;
const LABEL = String.raw`[^\s@<>()",;:\\[\]\p{Cc}.]+`;
const EMAIL = new RegExp(`^${ATOM}{1,64}@(?:${LABEL}\\.)+${LABEL}$`, 'u');

export type FieldError = 'email' | 'name' | 'topics';

// The same limits as the CLI import (one subscriber schema), so a name accepted in one
// place is never refused in the other; messages.ts states them (100, 254).
const emailField = z.string().trim().max(MAX_EMAIL_LENGTH).regex(EMAIL);
const nameField = z
  .string()
  .trim()
  .max(MAX_NAME_LENGTH)
  .regex(/^[^\p{Cc}]*$/u)
  .transform((s) => (s === '' ? null : s));

/** A topic list: each one known, each once, in the order given. */
function topicsField(allowed: ReadonlySet<string>) {
  return z
    .array(z.string())
    .max(500)
    .refine((list) => list.every((t) => allowed.has(t)))
    .transform((list) => [...new Set(list)]);
}

export interface SubscribeInput {
  email: string;
  name: string | null;
  topics: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function collect<T>(result: z.ZodSafeParseResult<T>): Parsed<T> {
  if (result.success) return { ok: true, value: result.data };
  const errors = new Set<FieldError>();
  for (const issue of result.error.issues) errors.add(issue.path[0] as FieldError);
  return { ok: false, errors: [...errors] };
}

/** Validates the subscribe form against the known topics. */
export function parseSubscribeForm(fields: URLSearchParams, topics: ReadonlySet<string>): Parsed<SubscribeInput> {
  const schema = z.object({ email: emailField, name: nameField, topics: topicsField(topics) });
  return collect(schema.safeParse({ email: fields.get('email') ?? '', name: fields.get('name') ?? '', topics: fields.getAll('topics') }));
}

/** Validates the preferences form; `allowed` also holds the subscriber's current topics. */
export function parsePreferencesForm(fields: URLSearchParams, allowed: ReadonlySet<string>): Parsed<{ topics: string[] }> {
  return collect(z.object({ topics: topicsField(allowed) }).safeParse({ topics: fields.getAll('topics') }));
}
