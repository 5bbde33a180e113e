import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArticle } from '../../src/content/parse-article.js';
import { renderArticleHtml, renderFully } from '../../src/markdown/render.js';
import { fixture, testConfig } from '../content/helpers.js';
import { attr, documentText, elements, text } from './dom.js';

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
