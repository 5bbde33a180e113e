import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli-process.js';
import { publication, type Publication } from '../cli/publication.js';

const SECRET = 'read-only-test-secret-0123456789abcdef';
const NOW = ['--now', '2026-11-23T09:00:00+08:00'];
const STORE = path.join('state', 'broadsheet.db');
// File modes do not stop root: as root, the commands run as `nobody`.
const AS = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** [command, exit code when only the file is read-only] — with a read-only folder every one exits 1. */
const COMMANDS: [string[], number][] = [
  [['status'], 0],
  [['subscribers', 'list'], 0],
  [['subscribers', 'export'], 0],
  [['digest', ...NOW], 0],
  [['store', 'copy', '--from', STORE, '--store', 'copy.db'], 0],
  [['subscribers', 'add', 'new@example.org'], 1],
  [['subscribers', 'import', 'more.csv'], 1],
  [['subscribers', 'remove', 'ann@example.org'], 1],
  [['send', ...NOW], 1],
  [['send', '--due', ...NOW], 1],
  [['serve', '--port', '0'], 1],
];

async function withStore(): Promise<Publication> {
  const p = publication();
  const r = await runCli(['subscribers', 'add', 'ann@example.org', '--confirmed', '--topics', 'Tech'], { cwd: p.dir });
  assert.equal(r.code, 0, r.err);
  fs.writeFileSync(path.join(p.dir, 'more.csv'), 'email,name,topics\nmore@example.org,More,Tech\n');
  // The publication itself stays writable (outbox, previews); only the store is not.
  fs.chmodSync(p.dir, 0o777);
  return p;
}

for (const folderReadOnly of [false, true]) {
  test(`a store whose ${folderReadOnly ? 'folder' : 'file'} is read-only gets a clear answer from every command, and is left as it was`, async (t) => {
    const p = await withStore();
    t.after(() => {
      fs.chmodSync(path.join(p.dir, 'state'), 0o755);
      p.close();
    });
    const file = path.join(p.dir, STORE);
    fs.chmodSync(file, 0o444);
    // Writable for everyone (including `nobody`) when only the file is read-only.
    fs.chmodSync(path.join(p.dir, 'state'), folderReadOnly ? 0o555 : 0o777);
    const before = fs.readFileSync(file);
    for (const [args, fileOnlyCode] of COMMANDS) {
      const r = await runCli(args, { cwd: p.dir, env: { BROADSHEET_SECRET: SECRET }, timeoutMs: 20_000, ...AS });
      const what = `${args.join(' ')}:\n${r.out}\n${r.err}`;
      assert.doesNotMatch(r.err, /Internal error|\n {4}at /, what);
      const expected = folderReadOnly ? 1 : fileOnlyCode;
      assert.equal(r.code, expected, what);
      if (expected === 1) {
        assert.match(r.err, /read-only for this user.*\[StoreReadOnly\]\n {4}hint: Run/, what);
        assert.doesNotMatch(r.out, /Listening on|Added|Imported|Removed|Wrote|Copied/, what);
      }
      assert.ok(fs.readFileSync(file).equals(before), `${args.join(' ')} left the store as it was`);
    }
    if (!folderReadOnly) {
      const list = await runCli(['subscribers', 'list', '--json'], { cwd: p.dir, ...AS });
      assert.deepEqual((JSON.parse(list.out) as { email: string }[]).map((s) => s.email), ['ann@example.org'], 'a read-only store is read');
    }
    assert.ok(!fs.existsSync(path.join(p.dir, STORE + '.send.lock')), 'no lock file left behind');
  });
}
