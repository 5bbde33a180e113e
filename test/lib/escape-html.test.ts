import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomUtils, parseDocument } from 'htmlparser2';
import { escapeHtmlText } from '../../src/lib/escape-html.js';
import { launchBrowser } from '../helpers/browser.js';
import { seededPick } from '../helpers/random.js';

// Pieces that make markup, references and their near misses when strung together.
const PIECES = ['<', '>', '&', '&', '#', ';', '/', '!', '?', '-', '--', '"', "'", ' ', 'a', 'b', 'x', 'A', 'D', 'T', '1', '2', '_', 'amp', 'AMP', 'lt;', 'gt', 'not', 'notin', 'copy', 'frac12', 'sup', 'ati', 'ld', '#60;', '#x3C', 'img', 'script', ']]>', '<![CDATA[', '中', 'é', '😀', '\n', '=', 'onerror'];

function randomTexts(seed: number, count: number): string[] {
  const pick = seededPick(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    for (let n = 1 + pick(14); n > 0; n--) s += PIECES[pick(PIECES.length)];
    out.push(s);
  }
  return out;
}

const FIXED = [
  'Compare <img src=x onerror=alert(1)> and <b>bold</b>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  'a ]]> b',
  'AT&T & R&D, &copy &amp &#60 &#x3c; &',
  '&notation &notin; &frac12x &AMP &Amp; &ampere',
  '<!-- c --> <!doctype html> <?php ?> </p>',
  '"quotes" and \'apostrophes\'',
];

test('escaped text reads back unchanged through an HTML parser, with no element, comment or reference (htmlparser2)', () => {
  let changed = 0;
  for (const text of [...FIXED, ...randomTexts(14, 4000)]) {
    const escaped = escapeHtmlText(text);
    if (escaped !== text) changed++;
    const doc = parseDocument(escaped);
    const nodes = DomUtils.findAll(() => true, doc.children);
    assert.deepEqual(nodes.map((n) => n.name), [], JSON.stringify(text));
    assert.ok(doc.children.every((n) => n.type === 'text'), `only text: ${JSON.stringify(text)}`);
    assert.equal(DomUtils.textContent(doc), text, JSON.stringify(text));
  }
  assert.ok(changed > 1000, 'the random texts must often need escaping');
});

test('ordinary text is left as it is, so a reader that shows the field as plain text shows it right', () => {
  for (const text of ['Tips & tricks', 'Q&A', 'R&D', 'AT&T', 'C++ > C', '"Quoted" & \'single\'', '人工智能 & 机器学习', 'a > b & c', '50 % & more', 'S&P 500']) {
    assert.equal(escapeHtmlText(text), text);
  }
});

test('escaped text reads back unchanged in Chromium, with no element or comment', async (t) => {
  const browser = await launchBrowser(t);
  if (!browser) return;
  t.after(() => browser.close());
  const page = await browser.newPage();
  const texts = [...FIXED, ...randomTexts(41, 3000)];
  const escaped = texts.map(escapeHtmlText);
  // What a reader's web view does with an HTML field: put it into a document as markup.
  const results = await page.evaluate((list) => {
    return list.map((html) => {
      const div = document.createElement('div');
      div.innerHTML = html;
      let others = 0;
      for (const n of Array.from(div.childNodes)) if (n.nodeType !== Node.TEXT_NODE) others++;
      return { text: div.textContent ?? '', others };
    });
  }, escaped);
  results.forEach((r, i) => {
    assert.equal(r.others, 0, `only text nodes for ${JSON.stringify(texts[i])}`);
    assert.equal(r.text, texts[i], JSON.stringify(texts[i]));
  });
});
