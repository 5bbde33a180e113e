import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import test from 'node:test';
import { Marked } from 'marked';
import { cjkEmphasis } from '../../src/markdown/cjk-emphasis.js';
import { footnoteExtension } from '../../src/markdown/footnotes.js';
import { markdownToPlainText } from '../../src/markdown/plain-text.js';
import { renderArticle, renderArticleHtml, renderFully } from '../../src/markdown/render.js';
import { packageRoot } from '../../src/paths.js';
import { documentText, elements, text } from './dom.js';

interface Case {
  markdown: string;
  html: string;
}

const fixtures = path.join(packageRoot, 'test', 'fixtures', 'markdown');
const cjkCases = (JSON.parse(fs.readFileSync(path.join(fixtures, 'cjk-emphasis.json'), 'utf8')) as { cases: Case[] }).cases;
const emphasisExamples = (JSON.parse(fs.readFileSync(path.join(fixtures, 'commonmark-emphasis.json'), 'utf8')) as { examples: Case[] }).examples;
const specTests = (createRequire(import.meta.url)('commonmark-spec') as { tests: Case[] }).tests;

function article(body: string, slug = 'post') {
  return { body, slug, url: `https://news.example.org/posts/${slug}/` };
}

/** The inline HTML of a one-paragraph render. */
function paragraph(markdown: string): string {
  const html = renderArticleHtml(article(markdown));
  assert.ok(html.startsWith('<p>') && html.endsWith('</p>\n'), html);
  return html.slice(3, -5);
}

test('CJK emphasis: the cases writers hit render as emphasis, with no marker left', () => {
  const cases: Array<[string, 'strong' | 'em' | 'del', string]> = [
    ['近乎**“情报”般的能力**：他们', 'strong', '“情报”般的能力'],
    ['他说**“好”**。', 'strong', '“好”'],
    ['**「关键」**的一步', 'strong', '「关键」'],
    ['**重点。**后面', 'strong', '重点。'],
    ['~~“作废”~~的条款', 'del', '“作废”'],
    ['*「关键」*的一步', 'em', '「关键」'],
    ['_「关键」_的一步', 'em', '「关键」'],
    ['__「关键」__的一步', 'strong', '「关键」'],
    ['これは**私のやりたかったこと。**だからするの。', 'strong', '私のやりたかったこと。'],
    ['**스크립트(script)**라고', 'strong', '스크립트(script)'],
  ];
  for (const [markdown, tag, inner] of cases) {
    const html = renderArticleHtml(article(markdown));
    const found = elements(html).filter((e) => e.name === tag);
    assert.deepEqual(found.map(text), [inner], `${markdown} → ${html}`);
    assert.doesNotMatch(documentText(html), /[*_~]/, `${markdown} → ${html}`);
    // Plain CommonMark leaves every one of them literal: the change is what fixes them.
    assert.match(documentText(renderArticle(article(markdown), { emphasis: 'commonmark' }).html), /[*_~]{1,2}/, markdown);
  }
});

test('CJK emphasis: the amendments\' test cases give their reference results (Japanese, Korean, emoji, variation selectors, IVS)', () => {
  assert.ok(cjkCases.length > 70);
  for (const c of cjkCases) assert.equal(paragraph(c.markdown), c.html, c.markdown);
  // Korean particles after a closing delimiter, an emoji shown as emoji by default (not CJK:
  // stays literal), and a CJK character with an ideographic variation selector (still CJK).
  const byInput = new Map(cjkCases.map((c) => [c.markdown, c.html]));
  assert.equal(byInput.get('**안녕(hello)**하세요.'), '<strong>안녕(hello)</strong>하세요.');
  assert.equal(byInput.get('a**🈯a**a'), 'a**🈯a**a');
  assert.equal(byInput.get('葛󠄀**(こちらが正式表記)**城市'), '葛󠄀<strong>(こちらが正式表記)</strong>城市');
});

test('CJK emphasis: the fast render path and the fully sanitised one agree on every case', () => {
  for (const c of cjkCases) {
    const a = article(`${c.markdown}\n\n- ${c.markdown}\n\n> ${c.markdown}`);
    assert.equal(renderArticleHtml(a), renderFully(a), c.markdown);
  }
});

test('CJK emphasis: every CommonMark spec example renders exactly as without the change', () => {
  assert.equal(emphasisExamples.length, 132);
  assert.ok(specTests.length > 600);
  const on = new Marked({ gfm: true }, footnoteExtension(), cjkEmphasis);
  const off = new Marked({ gfm: true }, footnoteExtension());
  let emphasised = 0;
  for (const example of [...emphasisExamples, ...specTests]) {
    const a = article(example.markdown);
    const withCjk = renderArticle(a).html;
    assert.equal(withCjk, renderArticle(a, { emphasis: 'commonmark' }).html, example.markdown);
    assert.equal(on.parse(example.markdown), off.parse(example.markdown), example.markdown);
    if (/<(?:em|strong)>/.test(withCjk)) emphasised++;
  }
  // The comparison is not vacuous: most emphasis examples do produce emphasis.
  assert.ok(emphasised > 100, `${emphasised}`);
});

test('CJK emphasis: English fixtures and the sample publication render exactly as without the change', () => {
  const bodies = [fs.readFileSync(path.join(fixtures, 'english-emphasis.md'), 'utf8')];
  const content = path.join(packageRoot, 'content');
  for (const entry of fs.readdirSync(content, { recursive: true, encoding: 'utf8' })) {
    if (entry.endsWith('.md')) bodies.push(fs.readFileSync(path.join(content, entry), 'utf8').replace(/^---[\s\S]*?\n---\n/, ''));
  }
  assert.ok(bodies.length >= 8);
  for (const body of bodies) {
    const a = article(body);
    const html = renderArticleHtml(a);
    assert.equal(html, renderArticle(a, { emphasis: 'commonmark' }).html, body.slice(0, 60));
    assert.equal(renderFully(a), renderFully(a, undefined, 'commonmark'), body.slice(0, 60));
  }
  const english = renderArticleHtml(article(bodies[0] ?? ''));
  assert.ok(elements(english).filter((e) => e.name === 'del').length >= 3);
  assert.ok(elements(english).filter((e) => e.name === 'strong').length >= 8);
});

test('CJK emphasis: summaries and excerpts show no markers', () => {
  assert.equal(markdownToPlainText('近乎**“情报”般的能力**：他们'), '近乎“情报”般的能力：他们');
  assert.equal(markdownToPlainText('~~“作废”~~的条款，**重点。**后面'), '“作废”的条款，重点。后面');
  const { text: excerpt } = renderArticle(article('他说**“好”**。然后**「关键」**的一步。'), { text: true });
  assert.equal(excerpt, '他说“好”。然后「关键」的一步。');
});
