import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveUrlField, urlProblem } from '../../src/lib/url-field.js';

const BASE = 'https://news.example.org/blog/posts/a/';

test('http(s) URLs and paths on the site are accepted and made absolute', () => {
  const cases: Array<[string, string]> = [
    ['https://cdn.example.com/x.png', 'https://cdn.example.com/x.png'],
    ['HTTP://Example.COM/a b.png', 'http://example.com/a%20b.png'],
    ['images/lead.png', 'https://news.example.org/blog/posts/a/images/lead.png'],
    ['/img/lead.png', 'https://news.example.org/img/lead.png'],
    ['../b/x.png', 'https://news.example.org/blog/posts/b/x.png'],
    ['图片/封面.png', 'https://news.example.org/blog/posts/a/%E5%9B%BE%E7%89%87/%E5%B0%81%E9%9D%A2.png'],
    ['  spaced.png ', 'https://news.example.org/blog/posts/a/spaced.png'],
  ];
  for (const [value, want] of cases) {
    assert.equal(urlProblem(value.trim()), undefined, value);
    assert.equal(resolveUrlField(value, BASE), want, value);
  }
});

test('every other scheme, protocol-relative tricks and control-character obfuscations are refused', () => {
  const refused = [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'data:image/png;base64,iVBORw0KGgo=',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://example.com/x.png',
    'mailto:a@example.com',
    'c:/images/x.png',
    '//evil.example/x.png',
    '\\\\evil.example/x.png',
    '/\\evil.example/x.png',
    '\\/evil.example/x.png',
    'https:/\\evil.example/x.png',
    'https:evil.example/x.png',
    'https:///x.png',
    'https://',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'java\rscript:alert(1)',
    '\u0001javascript:alert(1)',
    'javascript\u0000:alert(1)',
    'https://ex\u0085ample.com/',
    '',
  ];
  for (const value of refused) {
    assert.notEqual(urlProblem(value), undefined, JSON.stringify(value));
    assert.equal(resolveUrlField(value, BASE), undefined, JSON.stringify(value));
  }
  assert.match(urlProblem('javascript:alert(1)') ?? '', /"javascript:" scheme/);
  assert.match(urlProblem('//evil.example/x') ?? '', /another host/);
  assert.match(urlProblem('java\tscript:x') ?? '', /control character, tab or line break/);
});

test('absolute-only fields refuse paths', () => {
  assert.equal(urlProblem('https://news.example.org/', 'absolute'), undefined);
  assert.match(urlProblem('news.example.org', 'absolute') ?? '', /absolute http\(s\) URL/);
  assert.match(urlProblem('/blog/', 'absolute') ?? '', /absolute http\(s\) URL/);
  assert.match(urlProblem('javascript://news.example.org/%0aalert(1)', 'absolute') ?? '', /"javascript:" scheme/);
});
