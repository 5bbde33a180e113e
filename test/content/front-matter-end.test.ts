import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frontMatterEnd } from '../../src/content/load-content.js';
import { splitFrontMatter } from '../../src/content/front-matter.js';
import { parseArticle } from '../../src/content/parse-article.js';
import { testConfig } from './helpers.js';
import { seededPick } from '../helpers/random.js';

// A build decodes only the front matter of files whose body it will not render: the
// cut must never change what the front matter parses to.

const cases: Record<string, string> = {
  plain: '---\ntitle: 标题\ndate: 2025-06-16T12:30:04+08:00\ntags: [AI竞赛, C++]\n---\n\n正文第一段。\n\n---\n\nmore\n',
  bom: '\uFEFF---\ntitle: BOM\ndate: 2025-06-16\n---\nbody',
  crlf: '---\r\ntitle: CRLF\r\ndate: 2025-06-16\r\n---\r\nbody\r\n',
  'lone CR': '---\rtitle: Old Mac\rdate: 2025-06-16\r---\rbody\n---\nmore',
  'lone CR in a value': '---\ntitle: "a\rb"\ndate: 2025-06-16\n---\nbody',
  'fence with trailing blanks': '---\ntitle: T\ndate: 2025-06-16\n--- \t\nbody',
  'dashes that do not close': '---\ntitle: T\n---x: 1\ndate: 2025-06-16\n---\nbody',
  'block scalar with dashes': '---\ntitle: T\ndate: 2025-06-16\nsummary: |\n  ---- not a fence\n---\nbody',
  'closing fence at end of file': '---\ntitle: T\ndate: 2025-06-16\n---',
  'empty front matter': '---\n---\nbody',
  unclosed: '---\ntitle: T\ndate: 2025-06-16\n',
  toml: '+++\ntitle = "T"\ndate = 2025-06-16\n+++\nbody',
  json: '{\n"title": "T",\n"date": "2025-06-16"\n}\nbody',
  none: 'just text\n---\n',
  'opening fence with a blank': '--- \ntitle: T\n---\nbody',
  'syntax error': '---\ntitle: [unclosed\ndate: 2025-06-16\n---\nbody',
};

function withoutBody(r: ReturnType<typeof parseArticle>): unknown {
  const a = r.article;
  const fields = a ? Object.fromEntries(Object.keys(a).filter((k) => k !== 'body' && k !== 'summary').map((k) => [k, (a as unknown as Record<string, unknown>)[k]])) : undefined;
  return { fields, problems: r.problems, slugLine: r.slugLine };
}

test('the front matter alone parses exactly as the whole file does', () => {
  const config = testConfig();
  for (const [name, text] of Object.entries(cases)) {
    const bytes = Buffer.from(text, 'utf8');
    const end = frontMatterEnd(bytes);
    const cut = bytes.toString('utf8', 0, end);
    assert.ok(end <= bytes.length, name);
    const opts = { hash: 'h', bodyLoader: () => '' };
    assert.deepEqual(withoutBody(parseArticle(cut, 'post.md', config, opts)), withoutBody(parseArticle(text, 'post.md', config, opts)), name);
    assert.equal(splitFrontMatter(cut, 'post.md').bodyLine, splitFrontMatter(text, 'post.md').bodyLine, name);
  }
  // The usual file is cut just after its closing fence, so its body is not decoded.
  const plain = Buffer.from(cases['plain'] ?? '');
  assert.equal(plain.toString('utf8', 0, frontMatterEnd(plain)).endsWith('tags: [AI竞赛, C++]\n---\n'), true);
});

test('random front matter lines: the cut never changes the parse', () => {
  const config = testConfig();
  const pieces = ['---', '--- ', '---x', 'title: T', 'date: 2025-06-16', 'tags: [a, b]', '', ' ', 'summary: |', '  ---', '\r', 'slug: s', '...'];
  const rnd = seededPick(7);
  for (let i = 0; i < 2000; i++) {
    const lines = ['---', ...Array.from({ length: 1 + rnd(8) }, () => pieces[rnd(pieces.length)] ?? '')];
    const eol = rnd(3) === 0 ? '\r\n' : '\n';
    const text = lines.join(eol) + (rnd(2) ? `${eol}body${eol}---${eol}` : '');
    const bytes = Buffer.from(text);
    const cut = bytes.toString('utf8', 0, frontMatterEnd(bytes));
    const opts = { hash: 'h', bodyLoader: () => '' };
    assert.deepEqual(withoutBody(parseArticle(cut, 'p.md', config, opts)), withoutBody(parseArticle(text, 'p.md', config, opts)), JSON.stringify(text));
  }
});
