import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Base64Block, base64Lines, bodyText, encodeBody, type BodyPiece } from '../../src/email/base64-body.js';

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

// ASCII, two- and three-byte UTF-8, and four-byte characters (surrogate pairs in JS).
const ALPHABET = ['a', 'Z', '<', '&', ' ', '\n', 'é', 'ß', '人', '工', '智', '。', '🚀', '𝄞'];

function randomText(random: () => number, maxChars: number): string {
  let out = '';
  const n = Math.floor(random() * maxChars);
  for (let i = 0; i < n; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return out;
}

function encoded(pieces: readonly BodyPiece[]): string {
  const out: Buffer[] = [];
  encodeBody(pieces, out);
  return Buffer.concat(out).toString('latin1');
}

test('a body encoded from blocks is byte for byte the base64 of the joined text, at every alignment', () => {
  const random = lcg(7);
  // Blocks of lengths around the line size (57 bytes) and its multiples, reused across
  // bodies so their cached alignments are hit as well as computed.
  const blocks = [0, 1, 56, 57, 58, 113, 114, 115, 171, 228, 229, 500, 3000].map((n) => new Base64Block('x'.repeat(n)));
  for (let i = 0; i < 40; i++) blocks.push(new Base64Block(randomText(random, 400)));
  for (let round = 0; round < 2000; round++) {
    const pieces: BodyPiece[] = [];
    const count = Math.floor(random() * 12);
    for (let k = 0; k < count; k++) {
      pieces.push(random() < 0.5 ? randomText(random, 70) : (blocks[Math.floor(random() * blocks.length)] as Base64Block));
    }
    const text = bodyText(pieces);
    const got = encoded(pieces);
    assert.equal(got, base64Lines(text), `round ${round}`);
    // Independently of base64Lines: lines of at most 76 characters, each ending in CRLF,
    // decoding to the text's UTF-8.
    const lines = got.split('\r\n');
    assert.equal(lines.pop(), '');
    for (const line of lines) assert.ok(line.length <= 76 && /^[A-Za-z0-9+/]*=*$/.test(line), `round ${round}: line "${line}"`);
    assert.equal(Buffer.from(lines.join(''), 'base64').toString('utf8'), text);
  }
});

test('an empty body is one empty line, whether it has no pieces or only empty ones', () => {
  assert.equal(encoded([]), '\r\n');
  assert.equal(encoded(['', new Base64Block(''), '']), '\r\n');
  assert.equal(base64Lines(''), '\r\n');
});

test('a block caches one encoding per alignment and returns the same bytes each time', () => {
  const block = new Base64Block('人'.repeat(200)); // 600 bytes
  const first = block.linesFrom(5);
  const again = block.linesFrom(5);
  assert.equal(again.lines, first.lines, 'the cached buffer is reused');
  assert.equal(first.end, 5 + Math.floor(595 / 57) * 57);
  assert.equal(first.lines.toString('latin1'), base64Lines(block.bytes.subarray(5, first.end)));
});
