import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BroadsheetError } from '../../src/errors.js';
import { loadContent, findMarkdownFiles } from '../../src/content/load-content.js';
import { fixture, tempDir, testConfig, writeFiles } from './helpers.js';

const now = new Date('2026-11-28T00:00:00Z');

function configFor(dir: string) {
  return { ...testConfig(), contentDir: dir };
}

test('loads every Markdown file, skips the rest, orders newest first, filters published', async (t) => {
  const dir = tempDir(t);
  writeFiles(dir, {
    'seed.md': fixture('seed-shaped.md'),
    'old.md': '---\ntitle: Old\ndate: 2025-01-01T00:00:00Z\n---\nOld',
    'same-time-b.markdown': '---\ntitle: B\ndate: 2025-03-01T00:00:00Z\n---\n',
    'same-time-a.md': '---\ntitle: A\ndate: 2025-03-01T00:00:00Z\n---\n',
    'draft.md': '---\ntitle: D\ndate: 2025-05-01\ndraft: true\n---\n',
    'future.md': '---\ntitle: F\ndate: 2030-01-01\n---\n',
    'expired.md': '---\ntitle: E\ndate: 2025-05-01\nexpiryDate: 2026-01-01\n---\n',
    'posts/bundle/index.md': '---\ntitle: Bundle\ndate: 2025-04-01\n---\n![x](pic.png)',
    'posts/_index.md': 'not an article',
    '.hidden.md': 'not an article',
    '.git/x.md': 'not an article',
    'notes.txt': 'not an article',
    'images/pic.svg': '<svg/>',
  });
  const { all, published } = await loadContent(configFor(dir), { now });
  assert.deepEqual(all.map((a) => a.title), ['F', '云厂商的豪赌：千亿资本押注自研芯片，算力竞赛进入下半场', 'D', 'E', 'Bundle', 'A', 'B', 'Old']);
  assert.deepEqual(published.map((a) => a.slug), ['seed', 'bundle', 'same-time-a', 'same-time-b', 'old']);
  const withDrafts = await loadContent(configFor(dir), { now, drafts: true, future: true });
  assert.deepEqual(withDrafts.published.map((a) => a.slug), ['future', 'seed', 'draft', 'bundle', 'same-time-a', 'same-time-b', 'old']);
  assert.deepEqual(findMarkdownFiles(dir), ['draft.md', 'expired.md', 'future.md', 'old.md', 'posts/bundle/index.md', 'same-time-a.md', 'same-time-b.markdown', 'seed.md']);
});

test('every bad-input case of every file is reported at once, with file:line', async (t) => {
  const dir = tempDir(t);
  writeFiles(dir, {
    'yaml.md': '---\ntitle: ok\ndate: 2025-06-16\ntags: [a, b\n---\nBody',
    'toml.md': '+++\ntitle = "ok"\ndate = = 2025-06-16\n+++\nBody',
    'json.md': '{\n  "title": "ok",\n  "date": "2025-06-16",\n}\nBody',
    'no-title.md': '---\ndate: 2025-06-16\n---\n',
    'no-date.md': '---\ntitle: t\n\n---\n',
    'bad-date.md': '---\ntitle: t\ndate: the 16th of June\n---\n',
    'types.md': '---\ntitle: t\ndate: 2025-06-16\ndraft: maybe\ntags: {a: 1}\n---\n',
    'latin1.md': Buffer.concat([Buffer.from('---\ntitle: caf'), Buffer.from([0xe9]), Buffer.from('\ndate: 2025-06-16\n---\n')]),
    'unsafe.md': '---\ntitle: t\ndate: 2025-06-16\nslug: ../../x\n---\n',
    'one.md': '---\ntitle: One\ndate: 2025-06-16\nslug: same\n---\n',
    'two.md': '---\ntitle: Two\ndate: 2025-06-17\n\nslug: same\n---\n',
    'fine.md': '---\ntitle: Fine\ndate: 2025-06-16\n---\n',
  });
  // content.include names every file an article, so a missing date is a problem too.
  const err = await loadContent({ ...testConfig({}, { content: { include: ['**/*.md'] } }), contentDir: dir }, { now }).then(
    () => assert.fail('expected a BroadsheetError'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof BroadsheetError);
  assert.equal(err.exitCode, 1);
  const rel = (name: string) => path.relative(process.cwd(), path.join(dir, name));
  const got = err.problems.map((p) => `${p.file}:${p.line} ${p.code}${p.path ? ` ${p.path}` : ''}`).sort();
  const want = [
    `${rel('yaml.md')}:4 FrontMatterSyntax`,
    `${rel('toml.md')}:3 FrontMatterSyntax`,
    `${rel('json.md')}:4 FrontMatterSyntax`,
    `${rel('no-title.md')}:1 FrontMatterMissingField title`,
    `${rel('no-date.md')}:1 FrontMatterMissingField date`,
    `${rel('bad-date.md')}:3 FrontMatterInvalid date`,
    `${rel('types.md')}:4 FrontMatterInvalid draft`,
    `${rel('types.md')}:5 FrontMatterInvalid tags`,
    `${rel('latin1.md')}:2 ContentNotUtf8`,
    `${rel('unsafe.md')}:4 SlugUnsafe slug`,
    `${rel('two.md')}:5 SlugDuplicate slug`,
  ].sort();
  assert.deepEqual(got, want);
  const dup = err.problems.find((p) => p.code === 'SlugDuplicate');
  assert.ok(dup?.message.includes(rel('one.md')), dup?.message);
  for (const p of err.problems) assert.ok(p.hint, `${p.code} has a hint`);
  // The printed message lists them all.
  assert.equal(err.message.split('\n').filter((l) => !l.startsWith('    ')).length, want.length);
});

test('a missing content folder is a problem, not a crash', async (t) => {
  const dir = tempDir(t);
  await assert.rejects(loadContent(configFor(path.join(dir, 'nope')), { now }), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'ContentNotFound');
});

test('a tag slug clash is reported together with the other files’ problems', async (t) => {
  const dir = tempDir(t);
  writeFiles(dir, {
    'a.md': '---\ntitle: A\ndate: 2025-03-01T00:00:00Z\ntags: [AI/ML]\n---\n',
    'b.md': '---\ntitle: B\ndate: 2025-03-02T00:00:00Z\ntags: [AI ML]\n---\n',
    'broken.md': '---\ntitle: Broken\ndate: soon\n---\n',
  });
  await assert.rejects(loadContent(configFor(dir), { now }), (err: unknown) => {
    assert.ok(err instanceof BroadsheetError);
    const codes = err.problems.map((p) => p.code);
    assert.ok(codes.includes('TermSlugCollision'), codes.join(', '));
    assert.ok(err.problems.some((p) => p.file?.endsWith('broken.md')), 'and the broken file');
    return true;
  });
});
