import { randomBytes } from 'node:crypto';
import type { Problem } from '../errors.js';

/**
 * The signing key (BROADSHEET_SECRET) must be long enough that it cannot be guessed
 * from one signed link: HMAC-SHA256 with a short key falls to an offline search over a
 * single token (a one-letter key was recovered in 11 guesses). 32 bytes is the size of
 * the hash itself, the key length RFC 2104 recommends as a minimum.
 */
export const MIN_SECRET_BYTES = 32;

/** How to make a good key, for messages and `broadsheet secret --help`. */
export const SECRET_ADVICE = 'Run "broadsheet secret" (or `openssl rand -base64 32`) and set its output as BROADSHEET_SECRET';

/** A fresh key: 32 random bytes as 43 base64url characters (no characters a shell or YAML would mangle). */
export function newSecret(): string {
  return randomBytes(MIN_SECRET_BYTES).toString('base64url');
}

/**
 * The problem with a set BROADSHEET_SECRET, or undefined when it is long enough. An
 * unset (empty) key is each command's own question: `send` to an outbox uses a
 * throwaway key, `serve` refuses to start.
 */
export function secretProblem(secret: string | undefined): Problem | undefined {
  if (secret === undefined || secret === '') return undefined;
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes >= MIN_SECRET_BYTES) return undefined;
  return {
    code: 'SecretTooShort',
    message: `BROADSHEET_SECRET is ${bytes} byte${bytes === 1 ? '' : 's'} long; it must be at least ${MIN_SECRET_BYTES}, or links signed with it can be forged after guessing the key from one link`,
    hint: `${SECRET_ADVICE}. Links in mail already sent with the short key stop working; that is the price of closing the hole.`,
  };
}
