import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { safeJoin, slugFromPath, termSlug, unsafeSlugReason, urlSegment } from '../../src/content/slug.js';

test('term slugs stay readable in every script', () => {
  assert.equal(termSlug('人工智能战略投资'), '人工智能战略投资');
  assert.equal(termSlug('C++'), 'c++');
  assert.equal(termSlug('C#'), 'c-sharp');
  assert.equal(termSlug('AI/ML'), 'ai-ml');
  assert.equal(termSlug('Node.js'), 'node.js');
  assert.equal(termSlug('hello world'), 'hello-world');
  assert.equal(termSlug('  Scale AI  '), 'scale-ai');
  assert.equal(termSlug('数据驱动AI发展'), '数据驱动ai发展');
  assert.equal(termSlug('ＡＩ'), 'ai');
  assert.equal(termSlug('Überblick'), 'überblick');
  assert.equal(termSlug('Καλημέρα κόσμε'), 'καλημέρα-κόσμε');
  // Case folding does not depend on the process locale (Turkish dotted I).
  assert.equal(termSlug('ISTANBUL'), 'istanbul');
});

test('term slugs are never empty, dots-only or path-like', () => {
  for (const name of ['', '   ', '...', '..', '/', '\\', '🎉', '../../etc', 'a/../../b', '-+-']) {
    const slug = termSlug(name);
    assert.notEqual(slug, '', name);
    assert.ok(slug !== '.' && slug !== '..', name);
    assert.ok(!/[/\\]/.test(slug), name);
    assert.equal(unsafeSlugReason(slug), undefined, `${name} → ${slug}`);
  }
  assert.match(termSlug('🎉'), /^t-[0-9a-f]{8}$/);
  assert.equal(termSlug('🎉'), termSlug('🎉'));
  assert.notEqual(termSlug('🎉'), termSlug('🎊'));
  assert.equal(termSlug('../../etc'), 'etc');
});

test('URL segments are ASCII with uppercase hex, NFC first', () => {
  assert.equal(urlSegment('人工'), '%E4%BA%BA%E5%B7%A5');
  assert.equal(urlSegment('cafe\u0301'), 'caf%C3%A9');
  assert.equal(urlSegment('c++'), 'c%2B%2B');
  assert.equal(urlSegment('node.js'), 'node.js');
});

test('article slugs from file names', () => {
  assert.equal(slugFromPath('2025-06-16-meta-bet.md'), 'meta-bet');
  assert.equal(slugFromPath('posts/数据/index.md'), '数据');
  assert.equal(slugFromPath('a/b/_index.markdown'), 'b');
  assert.equal(slugFromPath('2025-06-16.md'), '2025-06-16');
});

test('safeJoin refuses anything outside the root', () => {
  const root = path.resolve('/tmp/out');
  assert.equal(safeJoin(root, 'tags', 'c++', 'feed.xml'), path.join(root, 'tags', 'c++', 'feed.xml'));
  assert.equal(safeJoin(root, 'tags', '..x', 'feed.xml'), path.join(root, 'tags', '..x', 'feed.xml'));
  assert.throws(() => safeJoin(root, 'tags', '../../x'), /outside/);
  assert.throws(() => safeJoin(root, '..'), /outside/);
  assert.throws(() => safeJoin(root, '/etc/passwd'), /outside/);
  assert.throws(() => safeJoin(root, 'a\0b'), /NUL/);
});

test('term slugs are never Windows device names, and map to the same name every time', () => {
  const cases: Array<[string, string]> = [
    ['con', 'con-'], ['CON', 'con-'], ['Nul', 'nul-'], ['aux', 'aux-'], ['PRN', 'prn-'], ['com1', 'com1-'], ['COM9', 'com9-'],
    ['lpt1', 'lpt1-'], ['com¹', 'com1-'], ['NUL.txt', 'nul-.txt'], ['con.tar.gz', 'con-.tar.gz'], ['conin$', 'conin'],
    // Not device names: kept as they are.
    ['console', 'console'], ['com10', 'com10'], ['icon', 'icon'], ['nullable', 'nullable'], ['con-', 'con-'],
  ];
  for (const [name, slug] of cases) {
    assert.equal(termSlug(name), slug, name);
    assert.equal(unsafeSlugReason(termSlug(name)), undefined, name);
  }
});

test('unsafe slugs: device names in any case or with an extension, and a trailing dot', () => {
  for (const slug of ['con', 'NUL', 'Aux.html', 'com3.tar.gz', 'LPT1', 'com²', 'conout$', 'nul .txt']) assert.match(unsafeSlugReason(slug) ?? '', /device name on Windows/, slug);
  assert.equal(unsafeSlugReason('release-1.'), 'ends with a dot');
  for (const slug of ['console', 'com10', 'lpt', 'a.nul', 'connect']) assert.equal(unsafeSlugReason(slug), undefined, slug);
});
