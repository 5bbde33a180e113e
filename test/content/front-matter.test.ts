import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitFrontMatter } from '../../src/content/front-matter.js';

test('YAML front matter: data, key lines and the body line', () => {
  const fm = splitFrontMatter('---\ntitle: Hello\ndate: 2025-06-16\ntags:\n  - a\n---\n\nBody text\n', 'a.md');
  assert.equal(fm.format, 'yaml');
  assert.deepEqual(fm.problems, []);
  assert.equal(fm.data['title'], 'Hello');
  // The core schema keeps dates as text, so the site time zone can be applied later.
  assert.equal(fm.data['date'], '2025-06-16');
  assert.equal(fm.keyLines.get('title'), 2);
  assert.equal(fm.keyLines.get('tags'), 4);
  assert.equal(fm.bodyLine, 7);
  assert.equal(fm.body, '\nBody text\n');
});

test('a UTF-8 BOM and CRLF line endings are tolerated', () => {
  const fm = splitFrontMatter('\uFEFF---\r\ntitle: 你好\r\ndate: 2025-06-16\r\n---\r\nLine one\r\nLine two\r\n', 'bom.md');
  assert.deepEqual(fm.problems, []);
  assert.equal(fm.data['title'], '你好');
  assert.equal(fm.body, 'Line one\nLine two\n');
  assert.equal(fm.bodyLine, 5);
});

test('TOML front matter between +++ lines, local dates kept local', () => {
  const fm = splitFrontMatter('+++\ntitle = "C++ notes"\ndate = 2025-06-16T12:30:04\ntags = ["C++"]\n+++\nBody', 't.md');
  assert.equal(fm.format, 'toml');
  assert.deepEqual(fm.problems, []);
  assert.equal(fm.data['title'], 'C++ notes');
  assert.equal(fm.keyLines.get('date'), 3);
  assert.equal(fm.bodyLine, 6);
  assert.equal(fm.body, 'Body');
});

test('JSON front matter at the start of the file, braces inside strings ignored', () => {
  const fm = splitFrontMatter('{\n  "title": "a } b",\n  "date": "2025-06-16"\n}\n\nBody', 'j.md');
  assert.equal(fm.format, 'json');
  assert.deepEqual(fm.problems, []);
  assert.equal(fm.data['title'], 'a } b');
  assert.equal(fm.keyLines.get('date'), 3);
  assert.equal(fm.bodyLine, 5);
  assert.equal(fm.body, '\nBody');
});

test('syntax errors carry the file line of the mistake', () => {
  const yaml = splitFrontMatter('---\ntitle: ok\ndate: 2025-06-16\ntags: [a, b\n---\nBody', 'y.md');
  assert.equal(yaml.problems.length >= 1, true);
  assert.equal(yaml.problems[0]?.code, 'FrontMatterSyntax');
  assert.equal(yaml.problems[0]?.file, 'y.md');
  assert.equal(yaml.problems[0]?.line, 4);

  const toml = splitFrontMatter('+++\ntitle = "ok"\ndate = = 1\n+++\nBody', 't.md');
  assert.equal(toml.problems[0]?.code, 'FrontMatterSyntax');
  assert.equal(toml.problems[0]?.line, 3);

  const json = splitFrontMatter('{\n  "title": "ok",\n  "date": 2025-06-16\n}\nBody', 'j.md');
  assert.equal(json.problems[0]?.code, 'FrontMatterSyntax');
  assert.equal(json.problems[0]?.line, 3);

  const unclosed = splitFrontMatter('---\ntitle: ok\n', 'u.md');
  assert.equal(unclosed.problems[0]?.code, 'FrontMatterUnclosed');
  assert.equal(unclosed.problems[0]?.line, 1);
});

test('no front matter: the whole text is the body', () => {
  const fm = splitFrontMatter('# Just Markdown\n', 'n.md');
  assert.equal(fm.format, 'none');
  assert.equal(fm.body, '# Just Markdown\n');
  assert.equal(fm.bodyLine, 1);
});
