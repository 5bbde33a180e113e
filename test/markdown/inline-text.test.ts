import assert from 'node:assert/strict';
import fs from 'node:fs';
import test from 'node:test';
import { Lexer } from 'marked';
import { fastInlineText, textLength } from '../../src/markdown/inline-text.js';
import { renderArticle, renderFully } from '../../src/markdown/render.js';
import { fixture } from '../content/helpers.js';
import { seededPick } from '../helpers/random.js';

// textLength must give exactly the length of marked's own inline-text match, for every
// string: the tokens, and so every feed's HTML, depend on it.
// (marked's typings call the lexer's tokenizer private; its rules are what the override reads.)
const expression = (new Lexer({ gfm: true }) as unknown as { tokenizer: { rules: { inline: { text: RegExp } } } }).tokenizer.rules.inline.text;
const marked = (src: string): number => expression.exec(src)?.[0].length ?? -1;

test('the tokenizer stands in for the expression of the marked installed', () => {
  // If marked changed its expression, the override declines and this test says so.
  const tokenizer = fastInlineText.tokenizer as { inlineText: (this: unknown, src: string) => unknown };
  const token = tokenizer.inlineText.call({ rules: { inline: { text: expression } }, lexer: { state: { inRawBlock: false } } }, '中文 text');
  assert.deepEqual(token, { type: 'text', raw: '中文 text', text: '中文 text', escaped: false });
  // Another expression (another marked, other options): it declines, and marked's own runs.
  const other = tokenizer.inlineText.call({ rules: { inline: { text: /^[\s\S]+?(?=[<![`*_]|$)/ } }, lexer: { state: { inRawBlock: false } } }, '中文 text');
  assert.equal(other, false);
});

test('textLength equals marked\'s match on every suffix of real paragraphs', () => {
  const seed = fixture('seed-shaped.md');
  const samples = [
    seed,
    '服务机器人基础设施布局推动**行业带来开发者**，加速正在为 TSMC 视觉。详见[报告](https://www.example.com/r/65)，以及 www.example.org 和 me@example.com。',
    'Hard  \nbreak, a_b_c, __init__, http://x.y ftp://z HTTPS://Q mailto:a@b xmpp:c@d (www.w.com) ~~del~~ `code` <b>tag</b> \\* esc',
  ];
  let n = 0;
  for (const s of samples) {
    for (let i = 0; i < s.length; i++) {
      const src = s.slice(i);
      assert.equal(textLength(src), marked(src), JSON.stringify(src.slice(0, 40)));
      n++;
    }
  }
  assert.ok(n > 500);
});

test('textLength equals marked\'s match on 100,000 random strings', () => {
  const next = seededPick(11);
  const alphabet = ['中', '文', '，', ' ', ' ', '  \n', '\n', 'a', 'Z', '0', '_', '*', '~', '`', '\\', '<', '!', '[', ']', '(', ')', '@', '.', '-', '+', '&', '#', 'h', 'http', 'HTTPS', 'ftp://', 'www.', 'w', 'mailto:', 'xmpp:', 'm', 'x', 'f', ':', '/', '|', '{', '}', '$', '%', "'", '=', '?', '"', '\t', '\u3000', '😀'];
  for (let i = 0; i < 100_000; i++) {
    let s = '';
    for (let j = 1 + next(16); j > 0; j--) s += alphabet[next(alphabet.length)];
    assert.equal(textLength(s), marked(s), JSON.stringify(s));
  }
});

test('rendering with the fast tokenizer gives the same HTML as marked\'s own (full path)', () => {
  const body = fixture('seed-shaped.md').replace(/^---[\s\S]*?\n---\n/, '');
  const article = { body, url: 'https://example.com/posts/seed/', slug: 'seed' };
  // renderFully sanitises marked's own output; the fast path renders sanitised HTML itself.
  assert.equal(renderArticle(article).html, renderFully(article));
});
