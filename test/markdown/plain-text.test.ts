import assert from 'node:assert/strict';
import test from 'node:test';
import { lexedPlainText, markdownToPlainText } from '../../src/markdown/plain-text.js';
import { renderArticle, renderArticleHtml } from '../../src/markdown/render.js';
import { seededPick } from '../helpers/random.js';

// markdownToPlainText skips the lexer for a line that holds no Markdown; it must give
// what lexing gives, for every string.

test('markdownToPlainText: a plain line without the lexer, with the same text', () => {
  for (const s of [
    '依赖因此 TSMC 与数据影响和电动汽车，已经。',
    'See www.example.com and https://example.org/x?a=1 or mail me@example.com.',
    'Tabs\tand  runs   of spaces, then an ideographic\u3000space ',
    '2021/2/22: a date first',
    'It\'s "quoted" (and parenthesised) — with 100% of 3.5 things',
  ]) {
    assert.equal(markdownToPlainText(s), lexedPlainText(s), s);
  }
});

test('markdownToPlainText: Markdown still lexed', () => {
  assert.equal(markdownToPlainText('Hello *world* and [a link](/x)[^1]'), 'Hello world and a link');
  assert.equal(markdownToPlainText('- one item'), 'one item');
  assert.equal(markdownToPlainText('# Title'), 'Title');
  assert.equal(markdownToPlainText('    indented code'), '');
  assert.equal(markdownToPlainText('1. first'), 'first');
  assert.equal(markdownToPlainText('AT&amp;T'), 'AT&T');
  assert.equal(markdownToPlainText('a <b>bold</b> word'), 'a bold word');
});

test('markdownToPlainText equals the lexed text on 20,000 random strings', () => {
  // Deterministic (seededPick): random strings over an alphabet rich in the
  // characters Markdown cares about, and in those it does not.
  const next = seededPick(7);
  const alphabet = ['a', 'Z', '9', '1', '0', ' ', ' ', '  ', '\t', '\n', '\r', '\u3000', '中', '文', '。', '，', '.', ')', '(', '-', '+', '*', '_', '~', '`', '[', ']', '^', '!', '<', '>', '&', '#', '=', '|', ':', '/', '\\', '"', "'", '@', 'www.', 'http://', 'x.com', ';', '{', '}', '$', '%'];
  let fast = 0;
  for (let i = 0; i < 20_000; i++) {
    const len = 1 + next(24);
    let s = '';
    for (let j = 0; j < len; j++) s += alphabet[next(alphabet.length)];
    if (markdownToPlainText(s) === s.replace(/\s+/g, ' ').trim()) fast++;
    assert.equal(markdownToPlainText(s), lexedPlainText(s), JSON.stringify(s));
  }
  // The check is only worth something if many strings took each path.
  assert.ok(fast > 1000 && fast < 19_000, `${fast} strings gave their own collapsed text`);
});

test('renderArticle: the HTML of renderArticleHtml and the plain text of the same body', () => {
  const bodies = [
    '## 标题\n\n第一段，**粗体**和[链接](../x/)[^1]。\n\n- [x] done\n- [ ] todo\n\n<blockquote>\n引用[^1]\n</blockquote>\n\n[^1]: 脚注 *note*.\n',
    // Character references send the render down the full-sanitise path.
    'AT&amp;T and &#169; 2024 <span>raw</span>\n\n> quote\n\n```js\ncode\n```\n',
    'A [link][ref] defined below.\n\n[ref]: https://example.com/ "Title"\n',
  ];
  for (const body of bodies) {
    const article = { body, url: 'https://example.com/posts/a/', slug: 'a' };
    const both = renderArticle(article, { text: true });
    assert.equal(both.html, renderArticleHtml(article));
    assert.equal(both.text, markdownToPlainText(body));
    assert.equal(renderArticle(article).text, undefined);
  }
});
