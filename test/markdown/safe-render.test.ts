import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArticle } from '../../src/content/parse-article.js';
import { renderArticleHtml, renderFully } from '../../src/markdown/render.js';
import { fixture, testConfig } from '../content/helpers.js';
import { attr, documentText, elements, text } from './dom.js';
import { seededPick } from '../helpers/random.js';

// The usual render path sanitises only raw HTML (safe-render.ts, raw-html.ts); the full
// path re-parses everything with sanitize-html. They must agree byte for byte, and the
// usual path must be safe on its own.

const URL = 'https://news.example.org/posts/p/';

function both(body: string, slug = 'p'): string {
  const item = { body, slug, url: URL };
  const fast = renderArticleHtml(item);
  assert.equal(fast, renderFully(item), `paths differ for ${JSON.stringify(body)}`);
  return fast;
}

/** No element or attribute that can run script, in an independent parse. */
function assertInert(html: string, markersInInput = false): void {
  const els = elements(html);
  for (const e of els) {
    assert.ok(!['script', 'iframe', 'object', 'embed', 'svg', 'math', 'style', 'input'].includes(e.name), e.name);
    for (const [k, v] of Object.entries(e.attribs)) {
      assert.ok(!k.startsWith('on'), `${e.name} ${k}`);
      assert.ok(!/^\s*(javascript|vbscript|data:text)/i.test(v), `${e.name} ${k}=${v}`);
      assert.ok(!/[\uE000-\uE003]/.test(v), 'no marker character in an attribute');
    }
  }
  if (!markersInInput) assert.ok(!/[\uE000-\uE003]/.test(html), 'no marker character left');
}

test('an inline raw tag with an event handler loses the handler, keeps the element', () => {
  const html = both('Text <img src="x.png" onerror="alert(1)"> and <b onclick="x()">bold</b>.');
  assertInert(html);
  const img = elements(html).find((e) => e.name === 'img');
  assert.equal(img && attr(img, 'src'), 'https://news.example.org/posts/p/x.png');
  assert.ok(elements(html).some((e) => e.name === 'b' && text(e) === 'bold'));
});

test('Markdown links and images: scheme allow-list, relative made absolute, autolinks', () => {
  const html = both(
    [
      '[x](javascript:alert(1)) [y](JAVASCRIPT:alert(2) "t") [d](data:text/html,<b>) [v](vbscript:x)',
      '',
      '![rel](img/a.png "A \\"quoted\\" title") ![svg](data:image/svg+xml;base64,PHN2Zz4=) ![png](data:image/png;base64,iVBO) ![ftp](ftp://h.example/a.png)',
      '',
      '<https://auto.example/a?b=1&c=2> and www.bare.example/x and mail@example.org and [up](../q?a=1&b=2#f)',
      '',
      '[^1] text[^1]',
      '',
      '[^1]: note with [rel](r.html)',
    ].join('\n'),
  );
  assertInert(html);
  const els = elements(html);
  const hrefs = els.filter((e) => e.name === 'a').map((e) => attr(e, 'href'));
  assert.deepEqual(hrefs, [
    undefined,
    undefined,
    undefined,
    undefined,
    'https://auto.example/a?b=1&c=2',
    'http://www.bare.example/x',
    'mailto:mail@example.org',
    'https://news.example.org/posts/q?a=1&b=2#f',
    'https://news.example.org/posts/p/#fn-p-1',
    'https://news.example.org/posts/p/#fn-p-1',
    'https://news.example.org/posts/p/r.html',
    'https://news.example.org/posts/p/#fnref-p-1',
    'https://news.example.org/posts/p/#fnref-p-1-2',
  ]);
  const imgs = els.filter((e) => e.name === 'img');
  assert.deepEqual(
    imgs.map((e) => [attr(e, 'src'), attr(e, 'alt')]),
    [
      ['https://news.example.org/posts/p/img/a.png', 'rel'],
      [undefined, 'svg'],
      ['data:image/png;base64,iVBO', 'png'],
      [undefined, 'ftp'],
    ],
  );
  assert.equal(attr(imgs[0]!, 'title'), 'A "quoted" title');
});

test('raw HTML that spans Markdown keeps its structure; hostile wrappers drop what they wrap', () => {
  const html = both(
    [
      '<details>',
      '<summary>More</summary>',
      '',
      'Inside **details** [^n].',
      '',
      '</details>',
      '',
      '<script>',
      '',
      'alert("md inside script")',
      '',
      '</script>',
      '',
      'Unclosed <b>bold and <a href="javascript:x" title="t">link',
      '',
      '- [x] done <i>it</i>',
      '- [ ] todo',
      '',
      '```js',
      'if (a < b && c) { "q" }',
      '```',
      '',
      '<blockquote cite="src.html">quote[^n]</blockquote>',
      '',
      '<pre>raw <em>pre</em> & text</pre>',
      '',
      '[^n]: The note.',
    ].join('\n'),
  );
  assertInert(html);
  const details = elements(html).find((e) => e.name === 'details');
  assert.ok(details && text(details).includes('Inside details'), 'Markdown stays inside the raw <details>');
  assert.ok(!documentText(html).includes('md inside script'));
  assert.ok(!html.includes('<input'), 'task-list checkboxes go, as before');
  assert.ok(elements(html).some((e) => e.name === 'code' && text(e).includes('if (a < b && c) { "q" }')));
  const refs = elements(html).filter((e) => e.name === 'a' && attr(e, 'role') === 'doc-noteref');
  assert.equal(refs.length, 2, 'the reference inside raw HTML resolves too');
});

test('the seed-shaped fixture and awkward input render the same on both paths', () => {
  const config = testConfig();
  const { article } = parseArticle(fixture('seed-shaped.md'), 'cloud-chips.md', config);
  assert.ok(article);
  assert.equal(renderArticleHtml(article), renderFully(article));
  for (const body of [
    'Quotes " and \' and <angle> & amp in text, `code "q" <x>`, > quote',
    'Entities &amp; &copy; &#39; &#1; take the full path',
    '<p>unclosed para\n\nnext <span>open',
    '## Head "quoted" & <b>bold</b>\n\n## Head "quoted" & <b>bold</b>',
    '| a | b |\n|:--|--:|\n| <u>1</u> | [l](x.html "t") |',
    'line  \nbreak\n\n***\n\n1. one\n2. two',
    '<div>\n\n<p>p in div</p>\n\n</div>',
    '<!-- comment [^1] -->\n\n[^1]: note',
    'Intro.\n\n<!--more-->\n\nRest <!-- inline <b> --> text <!-->.',
  ]) {
    const html = both(body);
    assertInert(html);
  }
  // Marker characters in the Markdown take the full path and stay plain text.
  const html = both('\uE002 0 \uE003 and \uE000<b onclick="x()">x</b>\uE001');
  assertInert(html, true);
  assert.equal(documentText(html), '\uE002 0 \uE003 and \uE000x\uE001\n');
});

test('random mixes of awkward snippets render the same on both paths', () => {
  const snippets = [
    '<details>\n<summary>More</summary>\n', '</details>\n', 'Para <b>bold</b> and <i>it', '<div>\n', '</div>\n', '<blockquote>\n“q”[^1]\n</blockquote>\n',
    '> [l](../a?b=1&c=2 "t\'q") ![i](x.png)\n', '- <span>x</span>\n- [ ] task\n', '```js\na < b && "q"\n```\n', '| a | <u>b</u> |\n|---|---|\n| 1 | 2 |\n',
    '## Head <code>c</code> "q"\n', 'text[^1] <sup>x</sup>\n', '[^1]: note <b>bold\n', '<img src="a.png" onerror="x">\n', '<a href="javascript:x">js</a> <a href="rel/p">r</a>\n',
    '<p>para</p>\n', '<p>open\n', '<ul><li>x</li></ul>\n', '<script>\n\nalert(1)\n\n</script>\n', '<!--more-->\n', 'x <!-- in <b> --> y\n', 'a > b < c\n',
    '<b>\n', '</b>\n', 'stray </span>\n', '<section>\n\n**md**\n\n</section>\n', '<span title="[^1]">t</span>\n', 'x<div>y</div>z\n', '<b >sp</b >\n', '<DIV>up</DIV>\n',
    '<b\u00a0onclick="x()">nb</b>\n', '<div/>\n', '<br>\n', '<q cite="c.html">q</q>\n',
  ];
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 600; i++) {
    const parts: string[] = [];
    for (let k = 2 + next(5); k > 0; k--) parts.push(snippets[next(snippets.length)] ?? '');
    assertInert(both(parts.join(next(2) ? '\n' : '')));
  }
});

// Style attributes and <style> elements. The filter (css.ts) keeps a short list of
// properties with plain values, read after CSS escapes and comments; this oracle is
// written apart from it: the properties and value characters a kept style may show.
const KEPT_PROPERTIES = new Set([
  'text-align', 'color', 'background-color', 'font-weight', 'font-style', 'font-size', 'text-decoration', 'text-decoration-line',
  'vertical-align', 'white-space', 'list-style-type', 'width', 'min-width', 'max-width', 'height', 'padding',
]);

/** Every style in `html` is a list of kept properties with plain values; returns them all. */
function keptStyles(html: string): string[] {
  const out: string[] = [];
  for (const e of elements(html)) {
    const style = attr(e, 'style');
    if (style === undefined) continue;
    out.push(style);
    for (const declaration of style.split('; ')) {
      const m = /^([a-z-]+): (.+)$/.exec(declaration);
      assert.ok(m, `declaration shape: ${JSON.stringify(declaration)}`);
      assert.ok(KEPT_PROPERTIES.has(m[1] ?? ''), `property ${m[1]}`);
      const value = (m[2] ?? '').replace(/ !important$/, '');
      // Letters, digits, #, %, ., spaces; parentheses only as a colour function of numbers.
      const plain = value.replace(/^(?:rgba?|hsla?)\([\d.,%/ deg]+\)$/, 'fn');
      assert.match(plain, /^[a-z0-9#%. -]+$/, `value of ${m[1]}: ${JSON.stringify(value)}`);
      assert.ok(!/url|expression|import|binding|behavior|javascript/.test(value), value);
    }
  }
  return out;
}

test('style attributes keep only listed properties with plain values, after escapes and comments', () => {
  const cases: Array<[string, string | undefined]> = [
    ['background:\\75 rl(https://t.example/x.png)', undefined],
    ['background-image: \\000075\\000072\\00006c(https://t.example/x.png)', undefined],
    ['width: expression\\28 alert(1)\\29', undefined],
    ['width: exp/**/ression(alert(1))', undefined],
    ['position: fixed; top: 0; left: 0; width: 100%; height: 100%; z-index: 99999', 'width: 100%; height: 100%'],
    ['behavior: url(x.htc); color: red', 'color: red'],
    ['-moz-binding: url(x.xml#b); text-align: center', 'text-align: center'],
    ['@import url(x.css); font-weight: bold', 'font-weight: bold'],
    ['color: blue; background: url(//t.example/pixel)', 'color: blue'],
    ['c\\6f lor: RED !important; TEXT-ALIGN:Center', 'color: red !important; text-align: center'],
    ['color: rgb(10, 20, 30); background-color: #FFCC00', 'color: rgb(10, 20, 30); background-color: #ffcc00'],
    ['color: rgb(1,2,3) url(x)', undefined],
    ['color: \\72 ed', 'color: red'],
    ['font-family: x; display: none; color: red /* a comment */', 'color: red'],
    ['color: red\\', 'color: red'],
    ['width: -5px; padding: 1px 2px 3px 4px 5px; padding: 1em 0', 'padding: 1em 0'],
    // A character reference is decoded by the HTML parser first: `&#92;` is the backslash.
    ['background:&#92;75 rl(https://t.example/x.png); color: &#x72;ed', 'color: red'],
    ['width: 10px &#33;important; x: y', 'width: 10px !important'],
  ];
  for (const [style, kept] of cases) {
    for (const body of [`<span style="${style}">x</span>`, `<div style="${style}">\n\n**md**\n\n</div>`]) {
      const html = both(body);
      assertInert(html);
      const styles = keptStyles(html);
      assert.deepEqual(styles, kept === undefined ? [] : [kept], `${style} → ${JSON.stringify(styles)}`);
    }
  }
});

test('<style> elements go with their text, in every position and spelling', () => {
  for (const body of [
    '<style>body { background: url(https://t.example/x) }</style>\n\nText.',
    'Inline <style>*{display:none}</style> text.',
    '<STYLE type="text/css">@import url(x.css);</STYLE>',
    '<details>\n<summary>s</summary>\n\n<style>\n\nh1 { position: fixed }\n\n</style>\n\n</details>',
    '<style/>p{color:red}',
    '<svg><style>*{x:y}</style></svg>',
    'Unclosed <style>p { position: fixed }',
  ]) {
    const html = both(body);
    assertInert(html);
    assert.ok(!/position|@import|display|\{/.test(documentText(html)), `${JSON.stringify(body)} → ${JSON.stringify(html)}`);
  }
});

test('randomised hostile styles: both paths agree, and exactly the plain declarations survive', () => {
  const pick = seededPick(20261204);
  const hostile = [
    'position: fixed', 'top: 0', 'z-index: 2147483647', 'background: url(https://t.example/p.png)', "background-image: url('javascript:alert(1)')",
    'width: expression(alert(1))', 'behavior: url(x.htc)', '-moz-binding: url(x.xml#xss)', '@import url(x.css)', 'list-style-image: url(x.png)',
    'display: none', 'color: expression(alert(1))', 'width: calc(100vw + 1px)', 'font-family: x', 'margin: -9999px', 'opacity: 0',
    'background-color: url(x)', 'color: rgb(1, 2, 3) url(x)', 'content: attr(title)', 'cursor: url(x.cur), auto',
  ];
  const plain = [
    'color: red', 'text-align: center', 'font-weight: bold', 'background-color: #ffcc00', 'width: 50%', 'font-style: italic',
    'color: rgb(10, 20, 30)', 'text-decoration: underline', 'font-size: 1.5em', 'vertical-align: middle', 'padding: 0 4px',
  ];
  // A CSS escape of one character: hex with a space or padded to six digits, or, for
  // characters that are not hex digits, the character itself behind a backslash.
  const escape = (c: string): string => {
    const hex = (c.codePointAt(0) ?? 0).toString(16);
    const way = pick(3);
    if (way === 0) return `\\${pick(2) ? hex : hex.toUpperCase()} `;
    if (way === 1) return `\\${hex.padStart(6, '0')}`;
    return /[0-9a-f\n\r]/i.test(c) ? `\\${hex} ` : `\\${c}`;
  };
  const disguise = (declaration: string): string => {
    let out = '';
    for (const c of declaration) {
      const r = pick(12);
      if (/[a-z(]/i.test(c) && r === 0) out += escape(c);
      else if (r === 1) out += `/*${pick(2) ? '' : ' x; color: red '}*/${c}`;
      else out += pick(6) === 0 ? c.toUpperCase() : c;
    }
    return out;
  };
  for (let i = 0; i < 400; i++) {
    const kept: string[] = [];
    const parts: string[] = [];
    for (let k = 1 + pick(4); k > 0; k--) {
      const good = pick(2) === 0;
      const declaration = good ? (plain[pick(plain.length)] as string) : (hostile[pick(hostile.length)] as string);
      if (good) kept.push(declaration);
      parts.push(pick(3) ? disguise(declaration) : declaration);
    }
    const style = parts.join(pick(2) ? ';' : '; ');
    const tag = ['span', 'div', 'p', 'td', 'img'][pick(5)] as string;
    const element = tag === 'img' ? `<img src="a.png" style="${style}">` : tag === 'td' ? `<table><tr><td style="${style}">x</td></tr></table>` : `<${tag} style="${style}">x</${tag}>`;
    const body = pick(2) ? `Text ${element} more.` : `${element}\n\nAfter.`;
    const html = both(body);
    assertInert(html);
    assert.deepEqual(keptStyles(html), kept.length ? [kept.join('; ')] : [], `style ${JSON.stringify(style)}`);
  }
});
