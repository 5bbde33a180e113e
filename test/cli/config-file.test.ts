import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { publication } from './publication.js';

// The config file itself can be the mistake: not UTF-8, a folder, or outside the
// working folder. Each is one clear problem naming the file as the user gave it.

test('a config file that is not UTF-8 is refused, not loaded with replacement characters', async () => {
  const p = publication();
  try {
    const file = path.join(p.dir, 'broadsheet.yaml');
    const latin1 = Buffer.concat([Buffer.from('site:\n  title: "Caf'), Buffer.from([0xe9]), Buffer.from('"\n  url: https://news.example.org/\n')]);
    fs.writeFileSync(file, latin1);
    const r = await p.run(['build']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.err, /^broadsheet\.yaml {2}The config file is not valid UTF-8 \[ConfigNotUtf8\]$/m);
    assert.doesNotMatch(r.err, /Internal error|\n {4}at /, 'no stack trace');
  } finally {
    p.close();
  }
});

test('a UTF-8 BOM in the config file is fine', async () => {
  const p = publication();
  try {
    const file = path.join(p.dir, 'broadsheet.yaml');
    fs.writeFileSync(file, `\uFEFF${fs.readFileSync(file, 'utf8')}`);
    const r = await p.run(['build', '--now', '2026-11-23T00:00:00Z']);
    assert.equal(r.code, 0, r.err);
  } finally {
    p.close();
  }
});

test('--config naming a folder, or a file outside the working folder, is shown as given, not as ../..', async () => {
  const p = publication();
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'h9-cli-elsewhere-'));
  try {
    const folder = await p.run(['build', '--config', elsewhere]);
    assert.equal(folder.code, 1);
    assert.equal(folder.err.split('\n')[0], `${elsewhere}  This is a folder, not a config file [ConfigNotFound]`);
    const missing = await p.run(['build', '--config', path.join(elsewhere, 'nope.yaml')]);
    assert.match(missing.err, new RegExp(`^${path.join(elsewhere, 'nope.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} {2}No config file found`));
  } finally {
    p.close();
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});
