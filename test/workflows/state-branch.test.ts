import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

/**
 * .github/state-branch.sh against a real git remote (a bare repository): the store
 * round-trips between "runners" (fresh clones), unchanged stores make no commit, the
 * default branch is never touched, and a stale send lock is never kept.
 */

const script = path.join(packageRoot, '.github', 'state-branch.sh');

function gitEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.org',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.org',
    STATE_BRANCH: 'broadsheet-state',
  };
}

test('the store survives between runs on the state branch', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-state-'));
  const env = gitEnv(tmp);
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
  const state = (cwd: string, action: string): { code: number; out: string } => {
    const r = spawnSync('bash', [script, action, 'state'], { cwd, env, encoding: 'utf8' });
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  };
  try {
    const origin = path.join(tmp, 'origin.git');
    git(tmp, 'init', '-q', '--bare', '-b', 'main', origin);
    const seed = path.join(tmp, 'seed');
    git(tmp, 'clone', '-q', origin, seed);
    fs.writeFileSync(path.join(seed, '.gitignore'), 'state/\n');
    git(seed, 'add', '.gitignore');
    git(seed, 'commit', '-q', '-m', 'init');
    git(seed, 'push', '-q', 'origin', 'HEAD:main');
    const mainBefore = git(origin, 'rev-parse', 'main');

    // Run 1 on a fresh runner: no branch yet.
    const run1 = path.join(tmp, 'run1');
    git(tmp, 'clone', '-q', origin, run1);
    const r1 = state(run1, 'restore');
    assert.equal(r1.code, 0, r1.out);
    assert.match(r1.out, /starting an empty one/);
    assert.deepEqual(fs.readdirSync(path.join(run1, 'state')), ['.git'], 'an empty state folder, not a copy of main');
    const store1 = openSqliteStore(path.join(run1, 'state', 'broadsheet.db'));
    await store1.upsertSubscriber({ email: 'ann@example.org', status: 'confirmed' }, new Date('2026-11-01T00:00:00Z'));
    await store1.close();
    // A killed run leaves its send lock behind.
    fs.writeFileSync(path.join(run1, 'state', 'broadsheet.db.send.lock'), '4242\n');
    const s1 = state(run1, 'save');
    assert.equal(s1.code, 0, s1.out);
    const files = git(origin, 'ls-tree', '--name-only', 'broadsheet-state').split('\n');
    assert.ok(files.includes('broadsheet.db'), files.join(','));
    assert.ok(!files.some((f) => f.endsWith('.lock') || f.endsWith('-shm')), `kept only the database: ${files.join(',')}`);
    assert.match(state(run1, 'save').out, /no change to save/);
    assert.equal(git(origin, 'rev-list', '--count', 'broadsheet-state'), '1');

    // Run 2 on another fresh runner sees run 1's store, changes it, and saves again.
    const run2 = path.join(tmp, 'run2');
    git(tmp, 'clone', '-q', '--depth=1', `file://${origin}`, run2);
    assert.equal(state(run2, 'restore').code, 0);
    const store2 = openSqliteStore(path.join(run2, 'state', 'broadsheet.db'));
    assert.equal((await store2.findSubscriberByEmail('ann@example.org'))?.status, 'confirmed');
    await store2.upsertSubscriber({ email: 'bob@example.org', status: 'confirmed' }, new Date('2026-11-02T00:00:00Z'));
    await store2.close();
    assert.equal(state(run2, 'save').code, 0);
    assert.equal(git(origin, 'rev-list', '--count', 'broadsheet-state'), '1', 'the save replaced the branch, not added to it');

    // Run 3 sees both subscribers; the default branch was never written to.
    const run3 = path.join(tmp, 'run3');
    git(tmp, 'clone', '-q', origin, run3);
    assert.equal(state(run3, 'restore').code, 0);
    const store3 = openSqliteStore(path.join(run3, 'state', 'broadsheet.db'), { readonly: true });
    assert.equal((await store3.listSubscribers()).length, 2);
    await store3.close();
    assert.equal(git(origin, 'rev-parse', 'main'), mainBefore);
    assert.equal(git(run3, 'status', '--porcelain'), '', 'state/ is ignored in the main checkout');

    // Saving without a restore is an error, not a silent success.
    const run4 = path.join(tmp, 'run4');
    git(tmp, 'clone', '-q', origin, run4);
    assert.equal(state(run4, 'save').code, 1);
    assert.equal(spawnSync('bash', [script, 'bogus'], { cwd: run4, env }).status, 2);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('ten saves leave the state branch at one commit, the repository bounded, and a moved branch is never overwritten', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h18-state-'));
  const env = gitEnv(tmp);
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
  const state = (cwd: string, action: string): { code: number; out: string } => {
    const r = spawnSync('bash', [script, action, 'state'], { cwd, env, encoding: 'utf8' });
    return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
  };
  // A store that changes every run and does not compress: the worst case for history.
  const STORE_BYTES = 256 * 1024;
  try {
    const origin = path.join(tmp, 'origin.git');
    git(tmp, 'init', '-q', '--bare', '-b', 'main', origin);
    const seed = path.join(tmp, 'seed');
    git(tmp, 'clone', '-q', origin, seed);
    fs.writeFileSync(path.join(seed, '.gitignore'), 'state/\n');
    git(seed, 'add', '.gitignore');
    git(seed, 'commit', '-q', '-m', 'init');
    git(seed, 'push', '-q', 'origin', 'HEAD:main');

    for (let run = 1; run <= 10; run++) {
      const runner = path.join(tmp, `run${run}`);
      git(tmp, 'clone', '-q', '--depth=1', `file://${origin}`, runner);
      assert.equal(state(runner, 'restore').code, 0);
      const db = path.join(runner, 'state', 'broadsheet.db');
      if (run > 1) assert.equal(fs.readFileSync(db).subarray(0, 8).toString(), `run ${String(run - 1).padStart(4)}`, 'the previous run\'s store came back');
      fs.writeFileSync(db, Buffer.concat([Buffer.from(`run ${String(run).padStart(4)}`), crypto.randomBytes(STORE_BYTES - 8)]));
      const saved = state(runner, 'save');
      assert.equal(saved.code, 0, saved.out);
      assert.equal(git(origin, 'rev-list', '--count', 'broadsheet-state'), '1', `one commit after save ${run}`);
      fs.rmSync(runner, { recursive: true, force: true });
    }
    // What the repository holds: the objects reachable from its branches (the replaced
    // commits are garbage the host's housekeeping removes, as gc does here).
    const reachable = Number(git(origin, 'rev-list', '--objects', '--all', '--disk-usage'));
    assert.ok(reachable < 2 * STORE_BYTES, `reachable objects take ${reachable} bytes, about one store`);
    git(origin, 'gc', '--quiet', '--prune=now');
    const packed = fs.readdirSync(path.join(origin, 'objects', 'pack')).filter((f) => f.endsWith('.pack'))
      .reduce((n, f) => n + fs.statSync(path.join(origin, 'objects', 'pack', f)).size, 0);
    assert.ok(packed < 2 * STORE_BYTES, `after gc the repository is ${packed} bytes, not ten stores`);

    // Something else moved the branch after this job restored it: the save is refused.
    const late = path.join(tmp, 'late');
    git(tmp, 'clone', '-q', origin, late);
    assert.equal(state(late, 'restore').code, 0);
    const other = path.join(tmp, 'other');
    git(tmp, 'clone', '-q', origin, other);
    assert.equal(state(other, 'restore').code, 0);
    fs.writeFileSync(path.join(other, 'state', 'broadsheet.db'), 'the other writer');
    assert.equal(state(other, 'save').code, 0);
    const theirs = git(origin, 'rev-parse', 'broadsheet-state');
    fs.writeFileSync(path.join(late, 'state', 'broadsheet.db'), 'a stale view');
    const refused = state(late, 'save');
    assert.notEqual(refused.code, 0, refused.out);
    assert.match(refused.out, /stale info|rejected/);
    assert.equal(git(origin, 'rev-parse', 'broadsheet-state'), theirs, 'the other writer\'s state stands');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
