import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OutputFile } from '../../src/build/outputs.js';
import { prepareOutput, writeOutput } from '../../src/build/write-output.js';
import { hashTree } from './seed-corpus.js';

const OWNED = ['feed.xml', 'topics', 'tags'];

/** The old output is byte for byte as it was, and no staging or old-output folder is left next to it. */
function assertLeftAsItWas(parent: string, out: string, before: ReturnType<typeof hashTree>): void {
  assert.deepEqual(hashTree(out), before);
  assert.deepEqual(fs.readdirSync(parent), ['public']);
}

function setup(t: { after: (fn: () => void) => void }): { parent: string; out: string } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-write-'));
  t.after(() => fs.rmSync(parent, { recursive: true, force: true }));
  const out = path.join(parent, 'public');
  fs.mkdirSync(path.join(out, 'topics', 'old'), { recursive: true });
  fs.mkdirSync(path.join(out, 'digests'), { recursive: true });
  fs.writeFileSync(path.join(out, 'feed.xml'), 'old feed');
  fs.writeFileSync(path.join(out, 'topics', 'old', 'feed.xml'), 'old topic');
  fs.writeFileSync(path.join(out, 'digests', 'a.html'), 'edition');
  return { parent, out };
}

const NEW = [
  { path: ['feed.xml'], content: 'new feed' },
  { path: ['topics', '人工智能', 'feed.xml'], content: '新' },
  { path: ['tags', 'cpp', 'feed.xml'], content: 'c++' },
];

test('a successful write replaces owned entries whole and leaves the rest alone', async (t) => {
  const { parent, out } = setup(t);
  await writeOutput(out, NEW, OWNED, { tag: 'ok' });
  assert.deepEqual([...hashTree(out).keys()], ['digests/a.html', 'feed.xml', 'tags/cpp/feed.xml', 'topics/人工智能/feed.xml']);
  assert.equal(fs.readFileSync(path.join(out, 'feed.xml'), 'utf8'), 'new feed');
  assert.deepEqual(fs.readdirSync(parent), ['public']);
});

test('a failure while staging leaves the output byte-identical and no stray folders', async (t) => {
  const { parent, out } = setup(t);
  const before = hashTree(out);
  // `topics/x` as a file and as a folder: the second write fails.
  const clash = [...NEW, { path: ['topics', 'x'], content: 'a' }, { path: ['topics', 'x', 'feed.xml'], content: 'b' }];
  await assert.rejects(writeOutput(out, clash, OWNED, { tag: 'stage' }));
  assertLeftAsItWas(parent, out, before);
});

test('a rename failing half-way through the swap is rolled back', async (t) => {
  const { parent, out } = setup(t);
  const before = hashTree(out);
  let calls = 0;
  const rename = async (from: string, to: string): Promise<void> => {
    calls += 1;
    // feed.xml aside (1), in (2), topics aside (3), then the new topics fails (4).
    if (calls === 4) throw Object.assign(new Error('EIO: simulated'), { code: 'EIO' });
    await fs.promises.rename(from, to);
  };
  await assert.rejects(writeOutput(out, NEW, OWNED, { tag: 'swap', rename }), /simulated/);
  assert.equal(calls, 4);
  assertLeftAsItWas(parent, out, before);
});

test('paths outside the owned entries or the output folder are refused before anything is written', async (t) => {
  const { out } = setup(t);
  const before = hashTree(out);
  await assert.rejects(writeOutput(out, [{ path: ['digests', 'x'], content: '' }], OWNED), /outside the entries/);
  await assert.rejects(writeOutput(out, [{ path: ['tags', '..', '..', 'x'], content: '' }], OWNED), /outside/);
  assert.deepEqual(hashTree(out), before);
});

test('buffer contents are written one after the other, past the iovec batch, and hard links keep an unchanged file', async (t) => {
  const { out } = setup(t);
  // 1,500 buffers (more than one writev takes), some empty, some slices of one block.
  const block = Buffer.from('块0123456789'.repeat(100));
  const parts = Array.from({ length: 1500 }, (_, i) => (i % 7 === 0 ? Buffer.alloc(0) : block.subarray(i % 50, (i % 50) + 1 + (i % 13))));
  const kept = path.join(out, 'topics', 'old', 'feed.xml');
  await writeOutput(out, [
    { path: ['feed.xml'], content: parts },
    { path: ['topics', 'old', 'feed.xml'], content: '', linkFrom: kept },
  ], OWNED, { tag: 'bufs' });
  assert.ok(fs.readFileSync(path.join(out, 'feed.xml')).equals(Buffer.concat(parts)));
  assert.equal(fs.readFileSync(path.join(out, 'topics', 'old', 'feed.xml'), 'utf8'), 'old topic');
});

test('a failure after buffer files were staged (a reused file gone missing) leaves the old output and no stray folders', async (t) => {
  const { parent, out } = setup(t);
  const before = hashTree(out);
  const files = [
    { path: ['feed.xml'], content: [Buffer.from('new '), Buffer.from('feed')] },
    { path: ['topics', '人工智能', 'feed.xml'], content: [Buffer.from('新')] },
    // Neither a link nor a copy can be made of a file that is gone: ENOENT mid-staging.
    { path: ['tags', 'cpp', 'feed.xml'], content: '', linkFrom: path.join(parent, 'gone.xml') },
    { path: ['tags', 'later', 'feed.xml'], content: 'never written' },
  ];
  await assert.rejects(writeOutput(out, files, OWNED, { tag: 'gone' }), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
  assertLeftAsItWas(parent, out, before);
});

test('prepared files are filled in place, an unplanned one is still created, and the staging folder goes', async (t) => {
  const { parent, out } = setup(t);
  const planned = NEW.map((f) => f.path);
  const prepared = prepareOutput(out, planned, OWNED, { tag: 'prep' });
  const staging = path.join(parent, 'public.staging-prep');
  // Every planned file exists, empty, before a byte is written.
  assert.deepEqual([...hashTree(staging).keys()], ['feed.xml', 'tags/cpp/feed.xml', 'topics/人工智能/feed.xml']);
  assert.ok([...prepared.pending].every((f) => fs.statSync(f).size === 0));
  const inode = fs.statSync(path.join(staging, 'feed.xml')).ino;
  let seen = -1;
  function* files(): Generator<OutputFile> {
    yield { path: ['feed.xml'], content: [Buffer.from('new '), Buffer.from('feed')] };
    // Filled, not replaced: the same file the prepare step made.
    seen = fs.statSync(path.join(staging, 'feed.xml')).ino;
    yield* NEW.slice(1);
    yield { path: ['tags', 'unplanned', 'feed.xml'], content: '计划外' };
  }
  await writeOutput(out, files(), OWNED, { prepared });
  assert.equal(seen, inode);
  assert.deepEqual([...hashTree(out).keys()], ['digests/a.html', 'feed.xml', 'tags/cpp/feed.xml', 'tags/unplanned/feed.xml', 'topics/人工智能/feed.xml']);
  assert.equal(fs.readFileSync(path.join(out, 'feed.xml'), 'utf8'), 'new feed');
  assert.equal(fs.readFileSync(path.join(out, 'topics', '人工智能', 'feed.xml'), 'utf8'), '新');
  assert.equal(fs.readFileSync(path.join(out, 'tags', 'unplanned', 'feed.xml'), 'utf8'), '计划外');
  assert.deepEqual(fs.readdirSync(parent), ['public']);
  prepared.discard();
  assert.deepEqual(fs.readdirSync(parent), ['public']);
});

test('a planned file that is never written is a bug: nothing is swapped and nothing is left behind', async (t) => {
  const { parent, out } = setup(t);
  const before = hashTree(out);
  const prepared = prepareOutput(out, [...NEW.map((f) => f.path), ['tags', 'forgotten', 'feed.xml']], OWNED, { tag: 'gap' });
  await assert.rejects(writeOutput(out, NEW, OWNED, { prepared }), /1 planned output file\(s\) were never written: tags\/forgotten\/feed\.xml/);
  assertLeftAsItWas(parent, out, before);
});

test('a prepared path written twice fails as an unprepared one does', async (t) => {
  const { parent, out } = setup(t);
  const before = hashTree(out);
  const prepared = prepareOutput(out, NEW.map((f) => f.path), OWNED, { tag: 'twice' });
  await assert.rejects(writeOutput(out, [...NEW, NEW[0] as OutputFile], OWNED, { prepared }), (err: NodeJS.ErrnoException) => err.code === 'EEXIST');
  assertLeftAsItWas(parent, out, before);
});

test('a failure after the prepare step, before or while writing, leaves the old output and no staging folder', async (t) => {
  const { parent, out } = setup(t);
  const before = hashTree(out);
  // The build failed (a render error) between the two steps.
  const dropped = prepareOutput(out, NEW.map((f) => f.path), OWNED, { tag: 'drop' });
  assert.deepEqual(fs.readdirSync(parent).sort(), ['public', 'public.staging-drop']);
  dropped.discard();
  dropped.discard();
  assert.deepEqual(fs.readdirSync(parent), ['public']);
  // Writing fails half-way: a reused file has gone.
  const prepared = prepareOutput(out, NEW.map((f) => f.path), OWNED, { tag: 'mid' });
  const files = [NEW[0] as OutputFile, { path: ['tags', 'cpp', 'feed.xml'], content: '', linkFrom: path.join(parent, 'gone.xml') }];
  await assert.rejects(writeOutput(out, files, OWNED, { prepared }), (err: NodeJS.ErrnoException) => err.code === 'ENOENT');
  assertLeftAsItWas(parent, out, before);
  // The swap fails: rolled back as without the prepare step.
  const swapped = prepareOutput(out, NEW.map((f) => f.path), OWNED, { tag: 'swap' });
  const rename = async (): Promise<void> => {
    throw Object.assign(new Error('EIO: simulated'), { code: 'EIO' });
  };
  await assert.rejects(writeOutput(out, NEW, OWNED, { prepared: swapped, rename }), /simulated/);
  assertLeftAsItWas(parent, out, before);
});

test('a prepare step that fails, or is given a path outside the owned entries, leaves nothing', async (t) => {
  const { parent, out } = setup(t);
  assert.throws(() => prepareOutput(out, [['feed.xml'], ['digests', 'a.html']], OWNED, { tag: 'own' }), /outside the entries/);
  assert.throws(() => prepareOutput(out, [['topics', '..', '..', 'x']], OWNED, { tag: 'up' }), /outside/);
  // A path planned twice: the plan is wrong.
  assert.throws(() => prepareOutput(out, [['feed.xml'], ['tags', 'a'], ['feed.xml']], OWNED, { tag: 'dup' }), (err: NodeJS.ErrnoException) => err.code === 'EEXIST');
  assert.deepEqual(fs.readdirSync(parent), ['public']);
  // Prepared for another folder: refused before anything is touched; the build's discard removes it.
  const elsewhere = prepareOutput(path.join(parent, 'elsewhere'), [['feed.xml']], OWNED, { tag: 'else' });
  await assert.rejects(writeOutput(out, [], OWNED, { prepared: elsewhere }), /prepared for/);
  assert.deepEqual(fs.readdirSync(parent).sort(), ['elsewhere.staging-else', 'public']);
  elsewhere.discard();
  assert.deepEqual(fs.readdirSync(parent), ['public']);
});

test('a feed reused from the previous output is hard-linked over its prepared file', async (t) => {
  const { parent, out } = setup(t);
  const kept = path.join(out, 'topics', 'old', 'feed.xml');
  const inode = fs.statSync(kept).ino;
  const prepared = prepareOutput(out, [['feed.xml'], ['topics', 'old', 'feed.xml']], OWNED, { tag: 'link' });
  await writeOutput(out, [NEW[0] as OutputFile, { path: ['topics', 'old', 'feed.xml'], content: '', linkFrom: kept }], OWNED, { prepared });
  const linked = path.join(out, 'topics', 'old', 'feed.xml');
  assert.equal(fs.readFileSync(linked, 'utf8'), 'old topic');
  // The very file of the previous output (a copy would be a new inode), not the empty one.
  assert.equal(fs.statSync(linked).ino, inode);
  assert.equal(fs.readFileSync(path.join(out, 'feed.xml'), 'utf8'), 'new feed');
  assert.deepEqual(fs.readdirSync(parent), ['public']);
});
