import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { readFileScratch } from '../../src/content/read-file.js';

test('readFileScratch reads every size whole, growing its buffer past 64 KiB', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-read-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // Sizes around the buffer's, one past the size it shrinks back from, then small again.
  for (const size of [0, 1, 4095, 65535, 65536, 65537, 300_000, 2_000_000, 64, 65536]) {
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + size) & 0xff;
    const file = path.join(dir, `f${size}`);
    fs.writeFileSync(file, bytes);
    assert.ok(readFileScratch(file).equals(bytes), `${size} bytes`);
  }
});

test('readFileScratch fails as readFileSync does, and leaves no descriptor open', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-read-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  assert.throws(() => readFileScratch(path.join(dir, 'missing.md')), { code: 'ENOENT' });
  fs.mkdirSync(path.join(dir, 'folder.md'));
  // Open descriptors, where the system lists them (Linux); elsewhere the count is 0 = 0.
  const open = (): number => (fs.existsSync('/proc/self/fd') ? fs.readdirSync('/proc/self/fd').length : 0);
  const before = open();
  for (let i = 0; i < 50; i++) assert.throws(() => readFileScratch(path.join(dir, 'folder.md')), { code: 'EISDIR' });
  assert.equal(open(), before);
});
