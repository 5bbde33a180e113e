import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli-process.js';
import { publication, type Publication } from '../cli/publication.js';

const SECRET = 'damaged-store-test-secret-0123456789abcdef';
const NOW = ['--now', '2026-11-23T09:00:00+08:00'];
const STORE = path.join('state', 'broadsheet.db');

/** Every command that opens the store, as an operator types it. */
const COMMANDS: string[][] = [
  ['status'],
  ['status', '--json'],
  ['subscribers', 'list'],
  ['subscribers', 'list', '--json'],
  ['subscribers', 'add', 'new@example.org', '--confirmed'],
  ['subscribers', 'import', 'more.csv', '--confirmed'],
  ['subscribers', 'export', 'export.csv'],
  ['subscribers', 'remove', 'user7@example.org'],
  ['send', ...NOW],
  ['send', '--due', ...NOW],
  ['digest', ...NOW],
  ['serve', '--port', '0'],
  ['store', 'copy', '--from', STORE, '--store', 'copy.db'],
  ['store', 'copy', '--from', 'good.db'],
];

/** A publication with a real store of 3,000 confirmed subscribers and a second, good store. */
async function withStore(): Promise<Publication> {
  const p = publication();
  const rows = Array.from({ length: 3000 }, (_, i) => `user${i}@example.org,User ${i},Tech`);
  fs.writeFileSync(path.join(p.dir, 'subs.csv'), `email,name,topics\n${rows.join('\n')}\n`);
  fs.writeFileSync(path.join(p.dir, 'more.csv'), 'email,name,topics\nmore@example.org,More,Tech\n');
  for (const args of [['subscribers', 'import', 'subs.csv', '--confirmed'], ['subscribers', 'add', 'good@example.org', '--store', 'good.db']]) {
    const r = await p.run(args);
    assert.equal(r.code, 0, r.err);
  }
  fs.rmSync(path.join(p.dir, 'subs.csv'));
  return p;
}

/** Every file under `dir` with a hash of its bytes: what a refused command must leave as it was. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  // A read of the healthy source of a copy leaves its (empty) WAL index files, as any read does.
  for (const rel of (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => !/^good\.db-(wal|shm)$/.test(f)).sort()) {
    const full = path.join(dir, rel);
    out[rel] = fs.statSync(full).isDirectory() ? 'dir' : crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  }
  return out;
}

const damage: Record<string, (file: string) => void> = {
  // Garbage over the middle of the file, the way a bad sector or a stray write leaves it.
  'corrupted pages': (file) => {
    const size = fs.statSync(file).size;
    const fd = fs.openSync(file, 'r+');
    const garbage = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37 + 11) % 256));
    fs.writeSync(fd, garbage, 0, garbage.length, Math.floor(size / 2 / 4096) * 4096 + 100);
    fs.closeSync(fd);
  },
  'a file cut short': (file) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 3 / 4096) * 4096),
  'a zero-byte file': (file) => fs.truncateSync(file, 0),
  'a file that is not SQLite': (file) => fs.writeFileSync(file, '<html><body>502 Bad Gateway</body></html>\n'.repeat(40)),
};

for (const [kind, hurt] of Object.entries(damage)) {
  test(`a store that is ${kind} is refused by every command (exit 1, a hint to restore, nothing written)`, async (t) => {
    const p = await withStore();
    t.after(() => p.close());
    hurt(path.join(p.dir, STORE));
    const before = snapshot(p.dir);
    const code = kind === 'a file that is not SQLite' ? 'StoreUnreadable' : 'StoreDamaged';
    for (const args of COMMANDS) {
      // The headline case in child processes, as an operator runs them; its siblings
      // through the same entry point in this process, which is much cheaper.
      const env = { BROADSHEET_SECRET: SECRET };
      const r = kind === 'corrupted pages' ? await runCli(args, { cwd: p.dir, env, timeoutMs: 20_000 }) : await p.run(args, { env, signal: AbortSignal.timeout(20_000) });
      const what = `${args.join(' ')}:\n${r.out}\n${r.err}`;
      assert.equal(r.code, 1, what);
      assert.match(r.err, new RegExp(`broadsheet\\.db  .*\\[${code}\\]`), what);
      assert.match(r.err, /hint: .*restore .*backup/i, what);
      assert.doesNotMatch(r.err, /Internal error|\n {4}at /, what);
      assert.doesNotMatch(r.out, /Listening on|Imported|Added|Removed|Exported|Wrote|Copied/, what);
      assert.deepEqual(snapshot(p.dir), before, `${args.join(' ')} wrote nothing`);
    }
  });
}
