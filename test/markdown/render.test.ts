import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArticle } from '../../src/content/parse-article.js';
import { renderArticleHtml } from '../../src/markdown/render.js';
import { markdownToPlainText } from '../../src/markdown/plain-text.js';
import { fixture, testConfig } from '../content/helpers.js';
import { attr, documentText, elements, text } from './dom.js';

const config = testConfig();
const URL_ATTRS = ['href', 'src', 'poster', 'cite'];

function render(body: string, slug = 'post') {
  return renderArticleHtml({ body, slug, url: `https://news.example.org/posts/${slug}/` }, config);
}

test('the seed-shaped article: footnotes resolved everywhere, including inside raw <blockquote>', () => {
  const { article } = parseArticle(fixture('seed-shaped.md'), 'cloud-chips.md', config);
  assert.ok(article);
  const html = renderArticleHtml(article, config);
  const els = elements(html);
  assert.ok(!html.includes('[^'), 'no literal footnote marker');
  assert.ok(!documentText(html).includes('[^'));

  const refs = els.filter((e) => e.name === 'a' && attr(e, 'role') === 'doc-noteref');
  // [^1] three times (once inside the raw blockquote), [^2], [^3].
  assert.deepEqual(refs.map((r) => text(r)), ['1', '2', '1', '3']);
  const quote = els.find((e) => e.name === 'blockquote' && text(e).includes('买卡就像租房'));
  assert.ok(quote);
  const inQuote = elements(outerBlockquote(html, '买卡就像租房')).filter((e) => e.name === 'a' && attr(e, 'role') === 'doc-noteref');
  assert.equal(inQuote.length, 1);

  // Every reference points at an existing note, every back link at an existing reference.
  const ids = new Set(els.map((e) => attr(e, 'id')).filter((x): x is string => !!x));
  for (const r of refs) {
    const href = attr(r, 'href') ?? '';
    assert.ok(href.startsWith(`${article.url}#`), href);
    assert.ok(ids.has(decodeURIComponent(href.split('#')[1] ?? '')), href);
  }
  const notes = els.filter((e) => e.name === 'li' && (attr(e, 'id') ?? '').startsWith('fn-'));
  // Four definitions, the unreferenced fourth still listed.
  assert.equal(notes.length, 4);
  const [first, , , fourth] = notes;
  assert.ok(first && fourth);
  assert.ok(text(fourth).includes('未被引用'));
  assert.ok(text(first).includes('云厂商自研芯片投资盘点'));
  const backrefs = els.filter((e) => e.name === 'a' && attr(e, 'role') === 'doc-backlink');
  assert.equal(backrefs.length, 4);
  for (const b of backrefs) assert.ok(ids.has((attr(b, 'href') ?? '').split('#')[1] ?? ''), attr(b, 'href'));
  // Ids are unique.
  const all = els.map((e) => attr(e, 'id')).filter(Boolean);
  assert.equal(new Set(all).size, all.length);
  // Heading ids are readable Chinese.
  assert.ok(els.some((e) => e.name === 'h3' && attr(e, 'id') === '成本逻辑-为什么现在自研'));
  // The reference's query string survives with its & intact.
  assert.ok(els.some((e) => e.name === 'a' && attr(e, 'href') === 'https://example.com/cloud-chips?a=1&b=2'));
});

/** The outer HTML of the first blockquote containing `needle` (string search is enough here). */
function outerBlockquote(html: string, needle: string): string {
  const at = html.indexOf(needle);
  const start = html.lastIndexOf('<blockquote', at);
  return html.slice(start, html.indexOf('</blockquote>', at) + 13);
}

test('footnote ids differ between articles; undefined references vanish', () => {
  const body = 'One[^a] and a missing one[^nope] and `code [^a]`.\n\n[^a]: The note.\n';
  const a = render(body, 'first');
  const b = render(body, '第二篇');
  const idsA = new Set(elements(a).map((e) => attr(e, 'id')).filter(Boolean));
  const idsB = elements(b).map((e) => attr(e, 'id')).filter(Boolean);
  assert.ok(idsA.size > 0);
  for (const id of idsB) assert.ok(!idsA.has(id), `${id} appears in both`);
  for (const html of [a, b]) {
    assert.ok(!documentText(html).replace(/code \[\^a\]/, '').includes('[^'), html);
    // Code keeps its literal text.
    assert.ok(elements(html).some((e) => e.name === 'code' && text(e) === 'code [^a]'));
  }
});

test('every relative URL becomes absolute against the article URL', () => {
  const html = render(
    [
      '[root](/about/) [page](img/a.png) [up](../other/) [frag](#notes) [query](?p=2) [abs](https://x.example/y) [mail](mailto:a@b.example)',
      '',
      '![pic](images/p.png "t")',
      '',
      '<img src="/i/x.png" srcset="a.png 1x, /b.png 2x">',
      '<video src="v.mp4" poster="../p.jpg"></video>',
      '<blockquote cite="src.html"><p>q</p></blockquote>',
      '<a href="中文/页面">cjk</a>',
      '',
      '## Notes',
    ].join('\n'),
    'my-post',
  );
  const els = elements(html);
  const urls = els.flatMap((e) => URL_ATTRS.map((a) => attr(e, a)).filter((v): v is string => v !== undefined));
  assert.deepEqual(urls, [
    'https://news.example.org/about/',
    'https://news.example.org/posts/my-post/img/a.png',
    'https://news.example.org/posts/other/',
    'https://news.example.org/posts/my-post/#notes',
    'https://news.example.org/posts/my-post/?p=2',
    'https://x.example/y',
    'mailto:a@b.example',
    'https://news.example.org/posts/my-post/images/p.png',
    'https://news.example.org/i/x.png',
    'https://news.example.org/posts/my-post/v.mp4',
    'https://news.example.org/posts/p.jpg',
    'https://news.example.org/posts/my-post/src.html',
    'https://news.example.org/posts/my-post/%E4%B8%AD%E6%96%87/%E9%A1%B5%E9%9D%A2',
  ]);
  const img = els.find((e) => e.name === 'img' && attr(e, 'srcset'));
  assert.ok(img);
  assert.equal(attr(img, 'srcset'), 'https://news.example.org/posts/my-post/a.png 1x, https://news.example.org/b.png 2x');
  for (const u of urls) assert.match(u, /^[\x21-\x7e]+$/, `${u} is ASCII`);
  assert.ok(els.some((e) => e.name === 'h2' && attr(e, 'id') === 'notes'));
});

test('hostile HTML is removed, ordinary formatting kept', () => {
  const html = render(
    [
      '<script>alert(1)</script>',
      '<iframe src="https://evil.example/"></iframe>',
      '<object data="x.swf"></object><embed src="x.swf">',
      '<form action="/steal"><input name="p"><button>go</button></form>',
      '<img src="x.png" onerror="alert(2)" style="width: expression(alert(3))">',
      '<a href="javascript:alert(4)">js</a> <a href=" JaVaScRiPt:alert(5)">js2</a> <a href="vbscript:msgbox(6)">vb</a>',
      '<a href="&#106;avascript:alert(7)">enc</a> <a href="java&#x09;script:alert(8)">tab</a> <a href="java\nscript:alert(9)">nl</a>',
      '',
      '[md js](javascript:alert(10))',
      '',
      '<svg><a xlink:href="javascript:alert(11)">s</a></svg> <math><mi href="javascript:alert(12)">m</mi></math>',
      '<meta http-equiv="refresh" content="0;url=https://evil.example/"><base href="https://evil.example/"><link rel="stylesheet" href="x.css">',
      '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a> <img src="data:image/svg+xml;base64,PHN2Zz4=">',
      '<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">',
      '<p style="color: red" onclick="x()">styled</p>',
      '<details><summary>More</summary><p>Hidden <sup>1</sup> <sub>2</sub></p></details>',
      '<figure><img src="f.png" alt="f"><figcaption>Cap</figcaption></figure>',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
    ].join('\n'),
  );
  const els = elements(html);
  const names = new Set(els.map((e) => e.name));
  for (const bad of ['script', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'meta', 'base', 'link', 'svg', 'math']) assert.ok(!names.has(bad), bad);
  assert.ok(!/javascript|vbscript/i.test(html), 'no script URL survives in any form');
  for (const good of ['details', 'summary', 'sup', 'sub', 'figure', 'figcaption', 'table', 'td', 'img', 'p']) assert.ok(names.has(good), good);
  for (const e of els) {
    for (const [k, v] of Object.entries(e.attribs)) {
      assert.ok(!k.startsWith('on'), `${e.name} ${k}`);
      assert.ok(!/^\s*(javascript|vbscript):/i.test(v), `${e.name} ${k}=${v}`);
      if (k === 'style') assert.ok(!/expression/i.test(v));
    }
  }
  assert.ok(!documentText(html).includes('alert(1)'));
  const srcs = els.filter((e) => e.name === 'img').map((e) => attr(e, 'src'));
  assert.ok(srcs.includes('data:image/png;base64,iVBORw0KGgo='), 'raster data image kept');
  assert.ok(!srcs.some((s) => s?.startsWith('data:image/svg')), 'svg data image dropped');
  assert.ok(!els.some((e) => e.name === 'a' && (attr(e, 'href') ?? '').startsWith('data:')));
  const styled = els.find((e) => e.name === 'p' && text(e) === 'styled');
  assert.ok(styled);
  assert.equal(attr(styled, 'style'), 'color: red');
});

test('characters XML 1.0 forbids never reach the HTML', () => {
  const html = render('Bell\u0007 and form feed\u000c and &#1; and a lone \ud800 surrogate; 👩‍👩‍👧 stays.');
  assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(html), JSON.stringify(html));
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(html));
  assert.ok(html.includes('👩‍👩‍👧 stays.'));
});

test('heading ids are unique and readable', () => {
  const els = elements(render('## Intro\n\n## Intro\n\n## 数据与人才\n\n## !!!\n\n## Intro'));
  assert.deepEqual(els.filter((e) => e.name === 'h2').map((e) => attr(e, 'id')), ['intro', 'intro-1', '数据与人才', 'section', 'intro-2']);
});

test('markdownToPlainText: no HTML, no footnote markers, no code blocks', () => {
  const md = '# Title\n\nText with **bold**, `code`, a [link](/x) and a note[^1].\n\n```js\nnoise()\n```\n\n<div>raw <b>html</b><script>x()</script></div>\n\n- one\n- two\n\n[^1]: definition text\n';
  assert.equal(markdownToPlainText(md), 'Title Text with bold, code, a link and a note. raw html one two');
});

test('footnote links resolve against the article URL as the URL parser does', () => {
  // The base is parsed once per article and each fragment appended: it must
  // give what resolving `#fn-…` against the article URL gives, normalisation included.
  for (const url of ['https://example.com/posts/中文/', 'https://EXAMPLE.com:443/a/../b/?q=1&x=<2>', 'https://example.com/p/#old']) {
    const html = renderArticleHtml({ body: 'Text[^1] and again[^1].\n\n[^1]: The note.\n', url, slug: 'p' });
    const hrefs = elements(html).filter((e) => e.name === 'a').map((a) => attr(a, 'href'));
    assert.deepEqual(hrefs, [new URL('#fn-p-1', url).href, new URL('#fn-p-1', url).href, new URL('#fnref-p-1', url).href, new URL('#fnref-p-1-2', url).href]);
  }
});
