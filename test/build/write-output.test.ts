import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeOutput } from '../../src/build/write-output.js';
import { hashTree } from './seed-corpus.js';

const OWNED = ['feed.xml', 'topics', 'tags'];

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
  assert.deepEqual(hashTree(out), before);
  assert.deepEqual(fs.readdirSync(parent), ['public']);
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
  assert.deepEqual(hashTree(out), before);
  assert.deepEqual(fs.readdirSync(parent), ['public']);
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
  assert.deepEqual(hashTree(out), before);
  assert.deepEqual(fs.readdirSync(parent), ['public']);
});
