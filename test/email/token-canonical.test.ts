import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createToken, verifyToken, type TokenPurpose } from '../../src/email/tokens.js';
import { createCsrfToken, verifyCsrfToken } from '../../src/server/csrf.js';
import { seededPick } from '../helpers/random.js';

const KEY = 'canonical-test-key-0123456789abcdef-0123';
const NOW = new Date('2026-03-02T09:00:00Z');
const PURPOSES: TokenPurpose[] = ['unsubscribe', 'preferences', 'confirm'];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Every other spelling of `part` that Node's lenient base64url decoder reads as the same bytes. */
function respellings(part: string): string[] {
  const out = new Set<string>([`${part}=`, `${part}==`, `${part}%3D`, ` ${part}`, `${part}\n`]);
  out.add(part.replaceAll('-', '+'));
  out.add(part.replaceAll('_', '/'));
  const i = part.search(/[-_]/);
  if (i >= 0) out.add(`${part.slice(0, i)}${part[i] === '-' ? '+' : '/'}${part.slice(i + 1)}`);
  // The last character of an encoding whose length is not a multiple of 4 carries
  // unused low bits: every character that differs only there decodes the same.
  const last = part.at(-1) ?? '';
  const unused = part.length % 4 === 2 ? 4 : part.length % 4 === 3 ? 2 : 0;
  if (unused > 0) {
    const v = ALPHABET.indexOf(last);
    for (let low = 0; low < 1 << unused; low++) out.add(part.slice(0, -1) + ALPHABET[(v & ~((1 << unused) - 1)) | low]);
  }
  // Padding in the middle (padding a chunk of 4 is skipped by the decoder).
  out.add(`${part.slice(0, 4)}=${part.slice(4)}`);
  out.delete(part);
  return [...out];
}

test('a token verifies only in the exact spelling createToken wrote: any other spelling of the same bytes is refused', () => {
  const pick = seededPick(20261204);
  let tried = 0;
  let sameBytes = 0;
  for (let n = 0; n < 400; n++) {
    const id = Array.from({ length: 1 + pick(40) }, () => ALPHABET[pick(64)]).join('');
    const purpose = PURPOSES[pick(3)] ?? 'unsubscribe';
    const claims = { purpose, subscriber: id, ...(pick(2) ? { expires: Math.floor(NOW.getTime() / 1000) + 1 + pick(1e6) } : {}), ...(pick(2) ? { bind: `${pick(1e9)}.tag` } : {}) };
    const token = createToken(KEY, claims);
    assert.equal(verifyToken(KEY, token, purpose, NOW).ok, true, token);
    const [body = '', sig = ''] = token.split('.');
    const spellings = [...respellings(body).map((b) => `${b}.${sig}`), ...respellings(sig).map((s) => `${body}.${s}`)];
    for (const other of spellings) {
      tried++;
      const [b = '', s = ''] = other.split('.');
      // Count the respellings the decoder really reads as the same token, so the test
      // is known to try the hole and not only garbage any decoder refuses.
      if (Buffer.from(b, 'base64url').equals(Buffer.from(body, 'base64url')) && Buffer.from(s, 'base64url').equals(Buffer.from(sig, 'base64url'))) sameBytes++;
      const result = verifyToken(KEY, other, purpose, NOW);
      assert.equal(result.ok, false, `respelled ${JSON.stringify(token)} as ${JSON.stringify(other)}`);
    }
  }
  assert.ok(tried > 4000, `tried ${tried}`);
  assert.ok(sameBytes > tried / 2, `${sameBytes} of ${tried} respellings decode to the same bytes`);
});

test('a CSRF field verifies only in the spelling it was issued in (no leading zeros, canonical signature)', () => {
  const pick = seededPick(7);
  const nonce = 'abcdefghijklmnopqrstuvwx';
  for (let n = 0; n < 200; n++) {
    const when = new Date(NOW.getTime() - pick(3600) * 1000);
    const token = createCsrfToken(KEY, nonce, 'subscribe', when);
    assert.equal(verifyCsrfToken(KEY, nonce, 'subscribe', token, NOW), true);
    const [issued = '', sig = ''] = token.split('.');
    for (const other of [`0${issued}.${sig}`, `00${issued}.${sig}`, ...respellings(sig).map((s) => `${issued}.${s}`)]) {
      assert.equal(verifyCsrfToken(KEY, nonce, 'subscribe', other, NOW), false, `respelled ${token} as ${other}`);
    }
  }
});
