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

test('the usage lists --version, which prints the package version', async () => {
  const p = publication();
  try {
    const help = await p.run(['--help']);
    assert.match(help.out, /^ {2}-v, --version +Print Broadsheet's version$/m);
    const { readPackageVersion } = await import('../../src/version.js');
    const version = await p.run(['--version']);
    assert.equal(version.code, 0);
    assert.equal(version.out, readPackageVersion());
    assert.match(version.out, /^\d+\.\d+\.\d+/);
  } finally {
    p.close();
  }
});
