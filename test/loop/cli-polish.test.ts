import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closest, editDistance } from '../../src/lib/suggest.js';
import { configKeysAt } from '../../src/config/keys.js';
import { BIN, runBin } from './run-cli.js';

const ESC = '\u001b[';

function tmpSite(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-polish-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  assert.equal(runBin(dir, ['init', '--language', 'en']).code, 0);
  return dir;
}

test('Damerau-Levenshtein: a swap of neighbours is one edit; far words get no suggestion', () => {
  assert.equal(editDistance('biuld', 'build'), 1);
  assert.equal(editDistance('timezon', 'timezone'), 1);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(closest('biuld', ['build', 'digest', 'send']), 'build');
  assert.equal(closest('SEDN', ['build', 'digest', 'send']), 'send');
  assert.equal(closest('publish', ['build', 'digest', 'send']), undefined);
  assert.deepEqual(configKeysAt(['site']).includes('timezone'), true);
  assert.deepEqual(configKeysAt(['delivery']).sort(), ['concurrency', 'give_up_after', 'max_attempts', 'max_bounces', 'rate', 'retry_delay']);
  assert.deepEqual(configKeysAt(['nope']), []);
});

test('a mistyped command, flag and config key each get a suggestion', (t) => {
  const dir = tmpSite(t);
  const cmd = runBin(dir, ['biuld']);
  assert.equal(cmd.code, 2);
  assert.match(cmd.err, /Unknown command "biuld"\. Did you mean "build"\?/);
  const flag = runBin(dir, ['build', '--drafst']);
  assert.equal(flag.code, 2);
  assert.match(flag.err, /Did you mean --drafts\?/);
  const yaml = path.join(dir, 'broadsheet.yaml');
  fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('  timezone:', '  timezon:').replace('\ndelivery:', '\ndelivry:'));
  const key = runBin(dir, ['build']);
  assert.equal(key.code, 1);
  assert.match(key.err, /broadsheet\.yaml:\d+ {2}site\.timezon: unknown key "timezon"[^\n]*\n {4}hint: Did you mean site\.timezone\?/);
  assert.match(key.err, /hint: Did you mean delivery\?/);
});

test('a missing content folder or config file is named by its absolute path', (t) => {
  const dir = tmpSite(t);
  const content = runBin(dir, ['build', '--content', 'nothere']);
  assert.equal(content.code, 1);
  assert.ok(content.err.includes(`No content folder at ${path.join(fs.realpathSync(dir), 'nothere')}`) || content.err.includes(`No content folder at ${path.join(dir, 'nothere')}`), content.err);
  const config = runBin(dir, ['check', '--config', 'other.yaml']);
  assert.equal(config.code, 1);
  assert.ok(config.err.includes(`at ${path.join(dir, 'other.yaml')}`) || config.err.includes(`at ${path.join(fs.realpathSync(dir), 'other.yaml')}`), config.err);
});

test('--quiet prints only problems; --json output stays', (t) => {
  const dir = tmpSite(t);
  const loud = runBin(dir, ['build']);
  assert.match(loud.out, /Built \d+ feeds/);
  fs.rmSync(path.join(dir, 'public'), { recursive: true });
  const quiet = runBin(dir, ['build', '--quiet']);
  assert.equal(quiet.code, 0, quiet.err);
  assert.equal(quiet.out, '');
  assert.ok(fs.existsSync(path.join(dir, 'public', 'feed.xml')), 'the quiet build still built');
  const json = runBin(dir, ['-q', 'check', '--json']);
  assert.deepEqual(JSON.parse(json.out), { problems: [] });
  const failing = runBin(dir, ['-q', 'build', '--content', 'nothere']);
  assert.equal(failing.code, 1);
  assert.match(failing.err, /ContentNotFound/);
});

/** Runs the CLI on a pseudo-terminal (util-linux `script`), where colour is allowed. */
function onTerminal(dir: string, argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  const script = ['/usr/bin/script', '/bin/script'].find((p) => fs.existsSync(p));
  if (!script) return undefined;
  const cmd = [process.execPath, BIN, ...argv].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync(script, ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm', ...env } });
  return r.stdout;
}

test('escape codes only on a terminal, and never with NO_COLOR', (t) => {
  const dir = tmpSite(t);
  const argv = ['build', '--content', 'nothere'];
  const piped = runBin(dir, argv, { TERM: 'xterm' });
  assert.ok(!piped.err.includes(ESC) && !piped.out.includes(ESC), 'escape codes in piped output');
  const tty = onTerminal(dir, argv, {});
  if (tty === undefined) {
    if (process.env.CI) assert.fail('util-linux "script" is needed to test terminal output');
    t.skip('no "script" command to make a pseudo-terminal');
    return;
  }
  assert.ok(tty.includes('ContentNotFound'), tty);
  assert.ok(tty.includes(ESC), 'a terminal gets colour');
  const noColor = onTerminal(dir, argv, { NO_COLOR: '1' });
  assert.ok(noColor?.includes('ContentNotFound'), noColor);
  assert.ok(!noColor?.includes(ESC), 'NO_COLOR still coloured');
});
