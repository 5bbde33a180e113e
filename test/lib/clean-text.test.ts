import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanLine, cleanStrings, cleanText, terminalSafe } from '../../src/lib/clean-text.js';
import { seededPick } from '../helpers/random.js';

// Written out from the rule, independently of the module: keep tab, LF, CR, printable
// ASCII, and everything from U+00A0 on but U+FFFE, U+FFFF and unpaired surrogates.
function reference(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const keep = cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
    if (keep) out += ch;
  }
  return out;
}

const PIECES = ['a', '中', '😀', '\uD83D', '\uDE00', '\u0000', '\u0007', '\u001B', '[31m', '\t', '\n', '\r', '\u007F', '\u0085', '\u009B', '\u00A0', '\uFFFE', '\uFFFF', '\uFFFD', '\uE000', '\uDBFF\uDFFF', '<&>'];

test('cleanText removes exactly C0 (but tab, LF, CR), DEL, C1, U+FFFE/U+FFFF and lone surrogates', () => {
  const pick = seededPick(7);
  let changed = 0;
  for (let i = 0; i < 5000; i++) {
    let s = '';
    for (let n = pick(12); n >= 0; n--) s += PIECES[pick(PIECES.length)];
    const want = reference(s);
    assert.equal(cleanText(s), want, JSON.stringify(s));
    if (want !== s) changed++;
  }
  assert.ok(changed > 1000);
  assert.equal(cleanText('Plain text, 中文 and 😀'), 'Plain text, 中文 and 😀');
});

test('cleanLine puts a title or a name on one line', () => {
  assert.equal(cleanLine('AI\nML\t\u0000x\r\ny'), 'AI ML x y');
});

test('cleanStrings cleans every string in parsed data, leaving other values and keys alone', () => {
  const date = new Date(0);
  const data: Record<string, unknown> = JSON.parse('{"title":"a\\u0000b","tags":["x\\u001b[31m", 3],"author":{"name":"\\ud800N"},"__proto__":"p\\u0085"}') as Record<string, unknown>;
  data['date'] = date;
  cleanStrings(data);
  assert.equal(data['title'], 'ab');
  assert.deepEqual(data['tags'], ['x[31m', 3]);
  assert.deepEqual(data['author'], { name: 'N' });
  assert.equal(data['date'], date);
  assert.equal(Object.getPrototypeOf(data), Object.prototype, 'a __proto__ key stays an own property');
  assert.equal(Object.getOwnPropertyDescriptor(data, '__proto__')?.value, 'p');
  // Keys name topics and tags in a config: cleaned, never overwriting one written clean.
  const names = cleanStrings({ 'A\u0000I': 'x', 'M\u001bL': 'y', ML: 'kept' } as Record<string, string>);
  assert.deepEqual(names, { AI: 'x', ML: 'kept' });
});

test('terminalSafe shows control characters as text, and a JSON line still parses to the same data', () => {
  const line = 'Subject: \u001B[31mred\u001B[0m \u009B2J bell\u0007 \u0085 tab\tok 中文';
  const safe = terminalSafe(line);
  assert.doesNotMatch(safe, /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
  assert.equal(safe, 'Subject: \\u001B[31mred\\u001B[0m \\u009B2J bell\\u0007 \\u0085 tab\tok 中文');
  const json = JSON.stringify({ subject: 'a\u0085b\u009Bc' });
  assert.deepEqual(JSON.parse(terminalSafe(json)), { subject: 'a\u0085b\u009Bc' });
  assert.equal(terminalSafe('plain'), 'plain');
});
