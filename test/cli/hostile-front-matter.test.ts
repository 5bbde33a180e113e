import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { assertProblem, hostileSite, problemLines } from './hostile-site.js';

// Front matter cannot reach an object's prototype (a `__proto__` that hid an article
// or crashed the build), and cannot make the build expand, read or hold more than a
// bound: each is an ordinary content problem, exit 1 with file and line, all at once.

test('__proto__, constructor and prototype keys are refused in YAML, JSON and TOML, at any depth', (t) => {
  const site = hostileSite();
  t.after(() => site.close());
  const date = 'date: 2025-06-11T10:00:00+08:00';
  site.write('json-draft.md', '{"title": "J", "date": "2025-06-11", "__proto__": {"draft": true}}\n\nHidden?\n');
  site.write('json-nested.md', '{\n  "title": "J2",\n  "date": "2025-06-11",\n  "author": {"name": "A", "__proto__": {"email": "x@y.z"}}\n}\n\nBody\n');
  site.write('yaml-tags.md', `---\ntitle: Y\n${date}\n__proto__: {tags: 12345}\n---\nBody\n`);
  site.write('yaml-constructor.md', `---\ntitle: Y2\n${date}\nconstructor:\n  prototype: {draft: true}\n---\nBody\n`);
  site.write('yaml-plain.md', `---\ntitle: Y3\n${date}\nprototype: yes\n---\nBody\n`);
  site.write('yaml-in-list.md', `---\ntitle: Y4\n${date}\nauthors:\n  - name: A\n    __proto__: {name: B}\n---\nBody\n`);
  site.write('toml-table.md', `+++\ntitle = "T"\ndate = 2025-06-11\n\n[__proto__]\ndraft = true\n+++\nBody\n`);
  site.write('toml-dotted.md', `+++\ntitle = "T2"\ndate = 2025-06-11\nconstructor.prototype = 1\n+++\nBody\n`);
  // A problem elsewhere in the same file is reported too.
  site.write('yaml-and-more.md', `---\ntitle: ""\n${date}\n__proto__: {draft: true}\n---\nBody\n`);
  const run = site.build();
  assert.equal(run.code, 1, run.stderr);
  const expect: Array<[string, string]> = [
    ['content/json-draft.md:1', '__proto__'],
    ['content/json-nested.md:4', 'author.__proto__'],
    ['content/yaml-tags.md:4', '__proto__'],
    ['content/yaml-constructor.md:4', 'constructor'],
    ['content/yaml-plain.md:4', 'prototype'],
    ['content/yaml-in-list.md:4', 'authors[0].__proto__'],
    ['content/toml-table.md:5', '__proto__'],
    ['content/toml-dotted.md:4', 'constructor'],
    ['content/yaml-and-more.md:4', '__proto__'],
  ];
  for (const [where, keyPath] of expect) {
    const line = assertProblem(run.stderr, 'FrontMatterReservedKey', where);
    assert.ok(line.includes(`(${keyPath})`), line);
  }
  assertProblem(run.stderr, 'FrontMatterInvalid', 'content/yaml-and-more.md:2');
  assert.equal(problemLines(run.stderr).length, expect.length + 1, run.stderr);
  assert.ok(!/TypeError|at .*\.js:\d+|Internal error/.test(run.stderr), 'no stack, no internal error');
  site.assertOutputIntact();
});

test('a YAML alias bomb is a content problem at its line, found fast', (t) => {
  const site = hostileSite();
  t.after(() => site.close());
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
    const prev = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  site.write('laughs.md', `---\ntitle: Laughs\ndate: 2025-06-11\n${levels.join('\n')}\n---\nBody\n`);
  // Keys whose values are aliases of a big map: the expansion is in a known field.
  site.write('tags-bomb.md', `---\ntitle: Tags\ndate: 2025-06-11\nx: &x [${Array(100).fill('"t"').join(',')}]\ny: &y [${Array(10).fill('*x').join(',')}]\ntags: [${Array(20).fill('*y').join(',')}]\n---\nBody\n`);
  // An alias inside the value it names never ends.
  site.write('cycle.md', `---\ntitle: Cycle\ndate: 2025-06-11\ntags: &t [a, *t]\n---\nBody\n`);
  // A few aliases are fine.
  site.write('few-aliases.md', `---\ntitle: Few\ndate: 2025-06-11T10:00:00+08:00\nmain_topics: &t [Tech]\ntags: *t\n---\nBody\n`);
  const run = site.build();
  assert.equal(run.code, 1, run.stderr);
  assertProblem(run.stderr, 'FrontMatterTooComplex', 'content/laughs.md:5');
  assertProblem(run.stderr, 'FrontMatterTooComplex', 'content/tags-bomb.md:5');
  assertProblem(run.stderr, 'FrontMatterTooComplex', 'content/cycle.md:4');
  assert.equal(problemLines(run.stderr).length, 3, run.stderr);
  assert.ok(run.ms < 15_000, `took ${run.ms} ms`);
  site.assertOutputIntact();
});

test('files over limits.max_file_size are refused unread, with size and limit, with every other problem', (t) => {
  const site = hostileSite('limits:\n  max_file_size: 64KB\n');
  t.after(() => site.close());
  // 50 MB, sparse: reading it whole would show in time and memory.
  const huge = site.write('huge.md', '');
  fs.truncateSync(huge, 50 * 1024 * 1024);
  site.write('over.md', `---\ntitle: Over\ndate: 2025-06-11\n---\n${'x'.repeat(64 * 1024)}\n`);
  site.write('at-limit.md', `---\ntitle: At the limit\ndate: 2025-06-11T10:00:00+08:00\n---\n`.padEnd(64 * 1024, 'y'));
  site.write('bad.md', '---\ntitle: Bad\ndate: someday\n---\n');
  const run = site.build();
  assert.equal(run.code, 1, run.stderr);
  const hugeLine = assertProblem(run.stderr, 'ContentTooLarge', 'content/huge.md');
  assert.match(hugeLine, /52,428,800 bytes \(50 MiB\), over the limit of 65,536 bytes \(64 KiB\)/);
  const overLine = assertProblem(run.stderr, 'ContentTooLarge', 'content/over.md');
  assert.match(overLine, /over the limit of 65,536 bytes/);
  assertProblem(run.stderr, 'FrontMatterInvalid', 'content/bad.md:3');
  assert.equal(problemLines(run.stderr).length, 3, run.stderr);
  assert.ok(run.ms < 15_000, `took ${run.ms} ms`);
  site.assertOutputIntact();

  // With the two files gone, the one exactly at the limit builds.
  fs.rmSync(huge);
  fs.rmSync(path.join(site.content, 'over.md'));
  fs.rmSync(path.join(site.content, 'bad.md'));
  const ok = site.build();
  assert.equal(ok.code, 0, ok.stderr);
  const rss = new XMLParser().parse(fs.readFileSync(path.join(site.dir, 'public', 'feed.xml'), 'utf8')) as { rss: { channel: { item: Array<{ title: string }> } } };
  assert.deepEqual(rss.rss.channel.item.map((i) => i.title).sort(), ['A good article', 'At the limit']);
});

test('the default limit refuses a 50 MB article; a bad limit is a config error', (t) => {
  const site = hostileSite();
  t.after(() => site.close());
  fs.truncateSync(site.write('huge.md', ''), 50 * 1000 * 1000);
  const run = site.build();
  assert.equal(run.code, 1, run.stderr);
  assert.match(assertProblem(run.stderr, 'ContentTooLarge', 'content/huge.md'), /50,000,000 bytes .*over the limit of 4,194,304 bytes \(4 MiB\)/);
  fs.appendFileSync(path.join(site.dir, 'broadsheet.yaml'), 'limits:\n  max_file_size: lots\n');
  const bad = site.build();
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(bad.stderr, /broadsheet\.yaml:\d+ .*limits\.max_file_size.*"lots" is not a size/);
  site.assertOutputIntact();
});
