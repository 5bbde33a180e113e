import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArticle } from '../../src/content/parse-article.js';
import { testConfig } from './helpers.js';

// Front matter is data: no key in it reaches an object's prototype, in any syntax, and
// validation sees exactly the keys written.

const DATE = '2025-06-16T10:00:00+08:00';

test('prototype keys are refused in every syntax and at any depth, with the line of their field', () => {
  const config = testConfig();
  const cases: Array<[string, number, string]> = [
    [`{"title": "J", "date": "${DATE}", "__proto__": {"draft": true}}\n\nBody`, 1, '__proto__'],
    [`{\n"title": "J",\n"date": "${DATE}",\n"extra": [{"constructor": 1}]\n}\n\nBody`, 4, 'extra[0].constructor'],
    [`---\ntitle: Y\ndate: ${DATE}\n__proto__: {tags: 12345}\n---\nBody`, 4, '__proto__'],
    [`---\ntitle: Y\ndate: ${DATE}\nextra:\n  deep:\n    - prototype: 1\n---\nBody`, 4, 'extra.deep[0].prototype'],
    [`+++\ntitle = "T"\ndate = ${DATE}\n[__proto__]\ndraft = true\n+++\nBody`, 4, '__proto__'],
    [`+++\ntitle = "T"\ndate = ${DATE}\n[author]\nname = "A"\nconstructor = "x"\n+++\nBody`, 4, 'author.constructor'],
  ];
  for (const [text, line, keyPath] of cases) {
    const { article, problems } = parseArticle(text, 'a.md', config);
    assert.equal(article, undefined, text);
    assert.deepEqual(
      problems.map((p) => [p.code, p.line, p.path]),
      [['FrontMatterReservedKey', line, keyPath]],
      text,
    );
  }
  // Nothing leaked into the shared prototype while parsing.
  assert.equal(({} as Record<string, unknown>)['draft'], undefined);
  assert.equal(({} as Record<string, unknown>)['tags'], undefined);
});

test('a refused key does not hide the file’s other problems', () => {
  const { problems } = parseArticle(`{"title": "", "date": "soon", "__proto__": {"title": "From the prototype", "date": "${DATE}"}}\n`, 'a.md', testConfig());
  assert.deepEqual(problems.map((p) => [p.code, p.path]).sort(), [
    ['FrontMatterInvalid', 'date'],
    ['FrontMatterInvalid', 'title'],
    ['FrontMatterReservedKey', '__proto__'],
  ]);
});

test('ordinary keys that share a name with Object methods are plain fields', () => {
  const { article, problems } = parseArticle(`---\ntitle: Methods\ndate: ${DATE}\ntoString: x\nvalueOf: [a]\nhasOwnProperty: 1\n---\nBody`, 'a.md', testConfig());
  assert.deepEqual(problems, []);
  assert.equal(article?.title, 'Methods');
  assert.deepEqual(Object.keys(article?.fieldLines ?? {}), ['title', 'date', 'toString', 'valueOf', 'hasOwnProperty']);
});
