import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { publication } from './publication.js';

// Reading the list must not create a store: a mistyped --store would otherwise leave
// an empty database (and its folder) behind, and "No subscribers yet." would hide it.

test('subscribers list, export and remove on a store that does not exist create nothing', async () => {
  const p = publication();
  try {
    const store = path.join(p.dir, 'typo', 'broadsheet.db');
    const list = await p.run(['subscribers', 'list', '--store', store]);
    assert.equal(list.code, 0, list.err);
    assert.equal(list.out, 'No subscribers yet.');
    const json = await p.run(['subscribers', 'list', '--json', '--store', store]);
    assert.deepEqual(JSON.parse(json.out), []);
    const csv = await p.run(['subscribers', 'export', '--store', store]);
    assert.equal(csv.out, 'email,name,topics,status');
    const remove = await p.run(['subscribers', 'remove', 'ann@example.org', '--store', store]);
    assert.equal(remove.code, 1);
    assert.match(remove.err, /No subscriber has that address \[SubscriberNotFound\]/);
    assert.equal(fs.existsSync(path.join(p.dir, 'typo')), false, 'no folder, no database');

    // Once a subscriber exists, both read the real store.
    assert.equal((await p.run(['subscribers', 'add', 'ann@example.org', '--store', store])).code, 0);
    const after = await p.run(['subscribers', 'export', '--store', store]);
    assert.equal(after.out, 'email,name,topics,status\nann@example.org,,,pending');
  } finally {
    p.close();
  }
});

test('import of a folder or of a file outside the working folder names it as it is', async () => {
  const p = publication();
  const outside = path.dirname(p.dir);
  try {
    const folder = await p.run(['subscribers', 'import', outside]);
    assert.equal(folder.code, 1);
    assert.equal(folder.err, `${outside}  This is a folder, not a CSV file [ImportFileNotFound]`);
    const missing = await p.run(['subscribers', 'import', path.join(outside, 'h9-no-such.csv')]);
    assert.equal(missing.err, `${path.join(outside, 'h9-no-such.csv')}  No such file [ImportFileNotFound]`);
    const inside = await p.run(['subscribers', 'import', 'list.csv']);
    assert.equal(inside.err, 'list.csv  No such file [ImportFileNotFound]');
  } finally {
    p.close();
  }
});

test('subscribers add with "Name <address>" says to give the bare address and --name', async () => {
  const p = publication();
  try {
    const r = await p.run(['subscribers', 'add', 'Ann <ann@example.org>']);
    assert.equal(r.code, 1);
    assert.match(r.err, /\[SubscriberInvalid\]\n {4}hint: Give the bare address, e\.g\. ann@example\.org, and the name with --name\./);
    assert.equal((await p.run(['subscribers', 'list'])).out, 'No subscribers yet.');
  } finally {
    p.close();
  }
});
