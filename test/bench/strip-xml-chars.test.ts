import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripInvalidXmlChars } from '../../src/feeds/xml.js';
import { seededPick } from '../helpers/random.js';

// The reference: XML 1.0 Char minus C1 controls, with lone surrogates removed.
const REFERENCE = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

test('the pre-check never changes what stripInvalidXmlChars removes', () => {
  const pieces = ['a', '中文', '😀', '\uD83D', '\uDE00', '\u0000', '\u0008', '\t', '\n', '\r', '\u000B', '\u007F', '\u0085', '\u009F', '\u00A0', '\uFFFE', '\uFFFF', '\uFFFD', '\uE000', '<&>', '\uDBFF\uDFFF'];
  const rand = seededPick(11);
  let changed = 0;
  for (let i = 0; i < 5000; i++) {
    let s = '';
    for (let j = rand(12); j >= 0; j--) s += pieces[rand(pieces.length)];
    const want = s.replace(REFERENCE, '');
    assert.equal(stripInvalidXmlChars(s), want, JSON.stringify(s));
    if (want !== s) changed++;
  }
  assert.ok(changed > 1000, 'the random strings must often contain characters to strip');
  assert.equal(stripInvalidXmlChars('x\uD83D\uDE00y\uD83Dz\u0001'), 'x\uD83D\uDE00yz');
});
