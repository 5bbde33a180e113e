import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineCounter, parseDocument, isMap, isScalar, isNode } from 'yaml';
import { fastYaml } from '../../src/content/fast-yaml.js';
import { seededPick } from '../helpers/random.js';

/** What the full parser gives (the reference): data and key lines, as front-matter.ts reads them. */
function reference(source: string, firstLine: number): { data: unknown; keyLines: Map<string, number> } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: 'core', version: '1.2' });
  if (doc.errors.length > 0) return undefined;
  const keyLines = new Map<string, number>();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && isNode(pair.key) && pair.key.range) keyLines.set(key, lineCounter.linePos(pair.key.range[0]).line + firstLine - 1);
    }
  }
  return { data: doc.toJS() ?? {}, keyLines };
}

function assertSame(source: string): boolean {
  const fast = fastYaml(source, 2);
  if (!fast) return false;
  const ref = reference(source, 2);
  assert.ok(ref, `fast path accepted YAML the full parser rejects:\n${source}`);
  assert.deepEqual(fast.data, ref.data, source);
  assert.deepEqual([...fast.keyLines], [...ref.keyLines], source);
  return true;
}

const seedLike = `title: "Meta的豪赌：143亿美元押注数据洞察，AI超级智能竞赛的新战局"
date: 2025-06-16T12:30:04+08:00
draft: false
summary: "Meta以143亿美元巨额投资数据标注公司Scale AI，此举旨在利用Wang对AI数据生态的独特洞察力。"
tags: 
  - "AI竞赛"
  - "Meta"
  - "C++"
  - "AI/ML"
main_topics: 
  - "人工智能战略投资"
  - "数据驱动AI发展"`;

test('the usual front matter takes the fast path and equals the yaml package’s result', () => {
  assert.equal(assertSame(seedLike), true);
  assert.equal(assertSame('title: Plain words here\ndate: 2025-06-16\ntags: [a, "b c", \'d\']\ndraft: true'), true);
  assert.equal(assertSame('title: "He said \\"hi\\" \\\\ there"\ndate: 2025-06-16 10:00'), true);
  assert.equal(assertSame("title: 'It''s here'\ntags:\n- one\n- Node.js\n# a comment\n\nslug: my-post"), true);
  // YAML 1.2: `yes` is a string, not a boolean.
  assert.equal(assertSame('draft: yes'), true);
  assert.equal(assertSame('title: 2025年的AI：展望\ndate: 2025-06-16T12:30:04Z\ntags: []'), true);
});

test('anything unusual defers to the yaml package instead of guessing', () => {
  const deferred = [
    'title: |\n  block\n  scalar',
    'title: >\n  folded',
    'title: "unterminated',
    'title: "a" # comment',
    'title: plain # comment',
    'weight: 10',
    'ratio: 1.5',
    'draft: ~',
    'title:\nnext: x',
    'author:\n  name: A\n  email: a@b.c',
    'tags:\n  - a\n    - b',
    'tags:\n  - name: x',
    'title: a\ntitle: b',
    'title: &x anchor',
    'title: *x',
    'title: "tab\there"',
    'title: "escape \\n newline"',
    'title: multi\n  line plain',
    'tags: [a, [b]]',
    'tags: ["a, b"]',
    'null: x',
    'title: key: value',
    'title: @at',
    '- a\n- b',
    'tags:\n\t- a',
    // Keys naming an object's prototype: yaml's result, refused with the key's line.
    'title: x\n__proto__: y',
    'constructor: x',
    'title: x\nprototype: [a]',
  ];
  for (const source of deferred) {
    assert.equal(fastYaml(source, 2), undefined, `should defer:\n${source}`);
  }
});

test('randomised front matter: whenever the fast path answers, it answers exactly as yaml does', () => {
  // Values chosen to sit on the edges of what the fast path accepts.
  const values = [
    'plain', 'two words', 'C++', 'AI/ML', 'Node.js', '.NET', 'C#', 'R&D', 'a:b', 'a: b', 'a #b', 'a#b', 'x:', '-x', '? x', '!tag', '%x',
    '10', '-3', '1e3', '0x1F', '.5', '.inf', 'true', 'False', 'null', 'NULL', '~', '~x', '人工智能', '数据：洞察', '“引号”', 'emoji 😀',
    '"quoted"', '"with \\"escape\\""', '"back\\\\slash"', '"a, b"', "'single'", "'it''s'", "'bad' quote'", '"x" y', '[a, b]', '[]', '["a", 1]',
    '{a: 1}', '2025-06-16', '2025-06-16T12:30:04+08:00', 'x\u0085y', '$money', '(paren)', '=eq', 'tail  ',
  ];
  const rand = seededPick(7);
  let accepted = 0;
  for (let round = 0; round < 3000; round++) {
    const lines: string[] = [];
    const keys = ['title', 'date', 'summary', 'tags', 'main_topics', 'slug', 'toString', 'valueOf'];
    for (let k = 0; k < 1 + rand(keys.length); k++) {
      const key = keys[k] ?? 'x';
      if (rand(3) === 0) {
        lines.push(`${key}:${rand(2) ? ' ' : ''}`);
        const indent = rand(2) ? '  ' : '';
        for (let j = 0; j < 1 + rand(4); j++) lines.push(`${indent}- ${values[rand(values.length)]}`);
      } else {
        lines.push(`${key}: ${values[rand(values.length)]}`);
      }
    }
    if (assertSame(lines.join('\n'))) accepted++;
  }
  // The comparison means something only if the fast path answered often.
  assert.ok(accepted > 300, `fast path answered only ${accepted} times`);
});
