import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excerpt, summarize, EXCERPT_WIDTH } from '../../src/content/summary.js';

const graphemes = (s: string): string[] => Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s), (x) => x.segment);

test('a short body is its own summary, Markdown and HTML removed', () => {
  assert.equal(summarize('Hello *world*, see [this](/x).\n\n<div>More</div>\n', undefined, 'en'), 'Hello world, see this. More');
});

test('an explicit summary wins and loses its footnote markers', () => {
  assert.equal(summarize('Body', '投资[^1]引发连锁反应[^note]。', 'zh'), '投资引发连锁反应。');
});

test('<!--more--> marks the summary', () => {
  assert.equal(summarize('Above the fold[^1].\n\n<!--more-->\n\nBelow.\n\n[^1]: n\n', undefined, 'en'), 'Above the fold.');
});

test('a Chinese excerpt ends on a sentence boundary', () => {
  const sentence = '这是一个用于测试摘要截断的中文句子，它足够长以便多次重复。';
  const body = sentence.repeat(12);
  const s = summarize(body, undefined, 'zh-CN');
  assert.ok(s.length < body.length);
  assert.ok(s.endsWith('。'), s);
  assert.ok(body.startsWith(s));
  // CJK counts double: no more than EXCERPT_WIDTH / 2 characters.
  assert.ok(s.length <= EXCERPT_WIDTH / 2, String(s.length));
  assert.ok(s.length >= EXCERPT_WIDTH / 4, String(s.length));
});

test('an English excerpt without sentence breaks ends on a word, with an ellipsis', () => {
  const body = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
  const s = excerpt(body, 100, 'en');
  assert.ok(s.endsWith('…'));
  const words = s.slice(0, -1).split(' ');
  for (const w of words) assert.match(w, /^word\d+$/);
  assert.ok(body.startsWith(s.slice(0, -1)));
});

test('an excerpt never splits an emoji family, a flag or a surrogate pair', () => {
  const units = ['👩‍👩‍👧', '🇨🇳', '🇩🇪', '𠜎', 'é'];
  for (let offset = 0; offset < 6; offset++) {
    const text = 'x'.repeat(offset) + units.join('').repeat(40);
    const s = excerpt(text, 50, 'en');
    const body = s.endsWith('…') ? s.slice(0, -1) : s;
    assert.ok(text.startsWith(body));
    const cut = graphemes(body);
    const whole = graphemes(text).slice(0, cut.length);
    assert.deepEqual(cut, whole, `offset ${offset}`);
    assert.ok(!/[\uD800-\uDBFF]$/.test(body), 'ends on a lone high surrogate');
    assert.ok(!body.endsWith('\u200d'), 'ends inside a ZWJ sequence');
  }
});

test('a render\'s body text is used only where summarize would lex the whole body', async () => {
  const { excerptsWholeBody } = await import('../../src/content/summary.js');
  const short = 'Hello *world*.';
  assert.equal(excerptsWholeBody(short, undefined), true);
  assert.equal(excerptsWholeBody(short, '  '), true);
  assert.equal(excerptsWholeBody(short, 'Given'), false);
  assert.equal(excerptsWholeBody('Top\n\n<!--more-->\n\nRest', undefined), false);
  // A long body is excerpted from its beginning only: its whole text is not what is asked for.
  const long = `${'第一段。'.repeat(1200)}\n\n${'第二段。'.repeat(100)}`;
  assert.equal(excerptsWholeBody(long, undefined), false);
  // The text passed in is what summarize excerpts (here a stand-in, to show it is used)…
  assert.equal(summarize(short, undefined, 'en', 'from the render'), 'from the render');
  // …and never where it would not be the same.
  assert.equal(summarize(short, 'Given *one*', 'en', 'from the render'), 'Given one');
  assert.equal(summarize(long, undefined, 'zh', 'from the render'), summarize(long, undefined, 'zh'));
});

test('the excerpt cut measured character by character equals the one Intl.Segmenter gives', async () => {
  const { cutIndex } = await import('../../src/content/summary.js');
  const { seededPick } = await import('../helpers/random.js');
  const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'grapheme' });
  // What excerpt did before the fast path: every grapheme through Intl.Segmenter.
  const reference = (text: string, width: number): number => {
    let used = 0;
    for (const { segment, index } of segmenter.segment(text)) {
      const cp = segment.codePointAt(0) ?? 0;
      const wide = cp >= 0x1100 && ((cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd));
      used += wide ? 2 : 1;
      if (used > width) return index;
    }
    return -1;
  };
  // Characters on both sides of the fast path's edges: joiners, marks, jamo, CR, emoji.
  const pieces = ['a', ' ', '\n', '\r\n', '\r', '\t', '中', '文', '。', '，', '「', '〪', '〮', 'Ａ', 'ﾞ', '—', '…', '\u200d', '\u200c', '\u00ad', 'é', 'e\u0301', '\u0301', '©', '👩‍👩‍👧', '🇨🇳', '𠜎', '\u1100\u1161', '한', '\u11a8', 'ـ', 'ก', 'ำ', '\u0915\u094d\u0937', '\ufe0f', '\u2028'];
  const rand = seededPick(3);
  for (let round = 0; round < 4000; round++) {
    let text = '';
    const simple = rand(2) === 0;
    for (let i = 0; i < 1 + rand(80); i++) text += simple && rand(8) > 0 ? (pieces[rand(9)] ?? 'a') : (pieces[rand(pieces.length)] ?? 'a');
    const width = 1 + rand(60);
    assert.equal(cutIndex(text, width, segmenter), reference(text, width), JSON.stringify([text, width]));
  }
});
