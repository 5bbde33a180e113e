import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsFrontMatter } from '../../src/content/js-front-matter.js';
import { splitFrontMatter } from '../../src/content/front-matter.js';
import { parseArticle } from '../../src/content/parse-article.js';
import { testConfig } from './helpers.js';

test('const/let/var declarations of literals, with comments and without semicolons', () => {
  const source = [
    '// a comment',
    'const title = "Hello \\"world\\" \\u00e9";',
    "let date = '2025-06-16'",
    'var draft = false, weight = -1.5e2;',
    '/* a block',
    '   comment */ const tags = ["a", `b`, 3, null,];',
    'const author = { name: "Ada", "e-mail": \'ada@example.org\', nested: { list: [true, 0x10] }, };',
    'const skipped = undefined;',
  ].join('\n');
  const r = parseJsFrontMatter(source, 'post.md', 2);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.data, {
    title: 'Hello "world" é',
    date: '2025-06-16',
    draft: false,
    weight: -150,
    tags: ['a', 'b', 3, null],
    author: { name: 'Ada', 'e-mail': 'ada@example.org', nested: { list: [true, 16] } },
  });
  assert.deepEqual(Object.fromEntries(r.keyLines), { title: 3, date: 4, draft: 5, weight: 5, tags: 7, author: 8, skipped: 9 });
});

test('the older single object literal', () => {
  const r = parseJsFrontMatter('{\n  title: "My page",\n  "date": "2025-01-02",\n}\n', 'p.md', 2);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.data, { title: 'My page', date: '2025-01-02' });
  assert.deepEqual(Object.fromEntries(r.keyLines), { title: 3, date: 4 });
});

test('code is a problem naming the line and what is read, and is never run', () => {
  const g = globalThis as { ranFrontMatter?: boolean };
  const cases: Array<[string, number, RegExp]> = [
    ['const title = "t";\nconst date = new Date("2025-01-01");', 3, /"new" is code/],
    ['const title = "t";\nfunction x() { globalThis.ranFrontMatter = true; }', 3, /a function is code/],
    ['const title = (globalThis.ranFrontMatter = true);', 2, /not a literal value/],
    ['const title = `Hi ${name}`;', 2, /template string/],
    ['const title = other;', 2, /"other" is code/],
    ['import x from "y";', 2, /"import" is code/],
    ['const { a } = {};', 2, /destructuring is code/],
    ['const o = { m() { return 1; } };', 2, /a method is code/],
    ['const o = { a };', 2, /shorthand properties are code/],
    ['const o = { "__proto__": { polluted: true } };', 2, /"__proto__" is not allowed/],
    ['const a = 1 const b = 2', 2, /expected ";" or a new line/],
    ['const a = "open', 2, /never closed/],
    ['const a = 1;\nconst a = 2;', 3, /declared twice/],
  ];
  for (const [source, line, message] of cases) {
    const r = parseJsFrontMatter(source, 'post.md', 2);
    assert.equal(r.problems.length, 1, source);
    const p = r.problems[0];
    assert.equal(p?.code, 'FrontMatterJsUnsupported', source);
    assert.equal(p?.file, 'post.md');
    assert.equal(p?.line, line, source);
    assert.match(p?.message ?? '', message, source);
    assert.match(p?.message ?? '', /never run/);
    assert.match(p?.hint ?? '', /const name = value;/);
    assert.deepEqual(r.data, {});
  }
  assert.equal(g.ranFrontMatter, undefined, 'nothing was executed');
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

test('---js and ---json fences split from the body; an article from ---js', () => {
  const js = splitFrontMatter('---js\nconst title = "T";\nconst date = "2025-06-16";\n---\nBody\n', 'a.md');
  assert.deepEqual([js.format, js.data, js.body, js.bodyLine], ['js', { title: 'T', date: '2025-06-16' }, 'Body\n', 5]);
  const json = splitFrontMatter('---json\n{\n  "title": "T",\n  "date": "2025-06-16"\n}\n---\nBody\n', 'a.md');
  assert.deepEqual([json.format, json.data, json.keyLines.get('date'), json.bodyLine], ['json', { title: 'T', date: '2025-06-16' }, 4, 7]);
  const unclosed = splitFrontMatter('---js\nconst title = "T";\n', 'a.md');
  assert.equal(unclosed.problems[0]?.code, 'FrontMatterUnclosed');
  const { article, problems } = parseArticle('---js\nconst title = "T";\nconst date = "2025-06-16";\nconst tags = ["x"];\n---\nBody\n', 'post.md', testConfig());
  assert.deepEqual(problems, []);
  assert.deepEqual([article?.title, article?.date.toISOString(), article?.tags, article?.fieldLines], ['T', '2025-06-15T16:00:00.000Z', ['x'], { title: 2, date: 3, tags: 4 }]);
  const bad = parseArticle('---js\nconst title = "T";\nconst date = new Date();\n---\n', 'post.md', testConfig()).problems;
  assert.deepEqual(bad.map((p) => [p.code, p.line]), [['FrontMatterJsUnsupported', 3]]);
});
