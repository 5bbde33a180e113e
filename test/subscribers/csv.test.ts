import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvLine, parseCsv } from '../../src/subscribers/csv.js';

test('plain rows, LF and CRLF, with line numbers', () => {
  const { records, problems } = parseCsv('email,name\r\na@x.com,Ann\r\nb@x.com,Bob\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(records, [
    { line: 1, fields: ['email', 'name'] },
    { line: 2, fields: ['a@x.com', 'Ann'] },
    { line: 3, fields: ['b@x.com', 'Bob'] },
  ]);
});

test('a BOM is dropped, blank lines are skipped but counted, no final newline is fine', () => {
  const { records } = parseCsv('\uFEFFemail\r\n\r\na@x.com\n   \nb@x.com');
  assert.deepEqual(records, [
    { line: 1, fields: ['email'] },
    { line: 3, fields: ['a@x.com'] },
    { line: 5, fields: ['b@x.com'] },
  ]);
});

test('quoted fields hold commas, doubled quotes and line breaks; later rows keep true line numbers', () => {
  const text = 'email,name,topics\r\n"a@x.com","Smith, Ann","AI;C++"\r\nb@x.com,"He said ""hi""\r\nand left",\r\nc@x.com,"",x\r\n';
  const { records, problems } = parseCsv(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(records[1], { line: 2, fields: ['a@x.com', 'Smith, Ann', 'AI;C++'] });
  assert.deepEqual(records[2], { line: 3, fields: ['b@x.com', 'He said "hi"\r\nand left', ''] });
  assert.deepEqual(records[3], { line: 5, fields: ['c@x.com', '', 'x'] }, 'the quoted line break moved this row to line 5');
});

test('empty fields, trailing comma, and non-ASCII text', () => {
  const { records } = parseCsv('a,,c,\n人工智能,"数据,驱动",😀,\n');
  assert.deepEqual(records, [
    { line: 1, fields: ['a', '', 'c', ''] },
    { line: 2, fields: ['人工智能', '数据,驱动', '😀', ''] },
  ]);
});

test('a stray quote spoils only its row; an unclosed quote stops the file at the line it opened', () => {
  const bad = parseCsv('email,name\na@x.com,Ann "Annie" Lee\nb@x.com,"Bob"x\nc@x.com,Cy\n');
  assert.deepEqual(bad.records.map((r) => r.line), [1, 4]);
  assert.deepEqual(bad.problems.map((p) => [p.line, p.fatal]), [[2, false], [3, false]]);

  const open = parseCsv('email,name\na@x.com,Ann\nb@x.com,"Bob\nc@x.com,Cy\n');
  assert.deepEqual(open.records.map((r) => r.line), [1, 2]);
  assert.equal(open.problems.length, 1);
  assert.equal(open.problems[0]?.line, 3);
  assert.equal(open.problems[0]?.fatal, true);
  assert.match(open.problems[0]?.message ?? '', /never closed/);
});

test('what csvLine writes, parseCsv reads back', () => {
  const rows = [
    ['email', 'name', 'topics'],
    ['a@x.com', 'Smith, "Ann"', 'AI;C++'],
    ['b@x.com', 'two\nlines', ''],
    ['c@x.com', ' padded ', '人工智能'],
  ];
  const text = rows.map(csvLine).join('');
  assert.ok(text.endsWith('\r\n'));
  assert.deepEqual(parseCsv(text).records.map((r) => r.fields), rows);
});
