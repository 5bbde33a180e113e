import assert from 'node:assert/strict';
import { test } from 'node:test';
import { publication } from './publication.js';

// The bare command is a usage error like any other: its text goes to stderr.

test('"broadsheet" without a command prints the usage on stderr and exits 2; --help prints it on stdout and exits 0', async () => {
  const p = publication();
  try {
    const bare = await p.run([]);
    assert.equal(bare.code, 2);
    assert.equal(bare.out, '', 'a usage error is not normal output');
    assert.match(bare.err, /Usage: broadsheet <command>/);
    const help = await p.run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: broadsheet <command>/);
    assert.equal(help.err, '');
  } finally {
    p.close();
  }
});
