import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { packageRoot } from '../../src/paths.js';
import { asList, asRecord } from './workflow-helpers.js';

/**
 * Runs action.yml's own "Run broadsheet" script with bash, as the runner would: the
 * action folder holds the compiled CLI, the workspace holds the caller's config.
 */

const action = asRecord(parse(fs.readFileSync(path.join(packageRoot, 'action.yml'), 'utf8')), 'action.yml');
const runStep = asList(asRecord(action.runs, 'runs').steps, 'steps')
  .map((s) => asRecord(s, 'step'))
  .find((s) => s.id === 'run');
const script = String(runStep?.run ?? '');
// The compiled tree these tests run from (dist/ or a helper's own out dir).
const compiledRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function runAction(workspace: string, actionPath: string, inputs: Record<string, string>): { code: number; out: string; err: string; outputs: string } {
  const outputs = path.join(workspace, 'github-output');
  fs.writeFileSync(outputs, '');
  const r = spawnSync('bash', ['-e', '-c', script], {
    cwd: workspace,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, GITHUB_ACTION_PATH: actionPath, GITHUB_OUTPUT: outputs, ...inputs },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr, outputs: fs.readFileSync(outputs, 'utf8') };
}

test("the action's run script calls the CLI from the action folder in the caller's workspace", () => {
  assert.ok(script.includes('"$GITHUB_ACTION_PATH/dist/src/cli/bin.js"'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h5-action-'));
  try {
    // The action folder: like a checkout of this repository after `npm ci`.
    const actionPath = path.join(tmp, 'action');
    fs.mkdirSync(actionPath);
    fs.symlinkSync(compiledRoot, path.join(actionPath, 'dist'));
    const workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(path.join(workspace, 'site'), { recursive: true });
    fs.writeFileSync(
      path.join(workspace, 'site', 'news.yaml'),
      'site:\n  title: Caller\n  url: https://caller.example.org/\ndigest:\n  schedule: "0 8 * * *"\n',
    );

    const status = runAction(workspace, actionPath, { INPUT_COMMAND: 'status', INPUT_CONFIG: 'site/news.yaml', INPUT_STORE: 'data/x.db' });
    assert.equal(status.code, 0, status.err);
    assert.match(status.out, new RegExp(`Store: ${path.join(workspace, 'data', 'x.db').replace(/[.]/g, '\\.')} \\(not created yet\\)`));
    assert.match(status.out, /Schedule: 0 8 \* \* \* \(UTC\)/);
    assert.equal(status.outputs.trim(), 'exit-code=0');

    const missing = runAction(workspace, actionPath, { INPUT_COMMAND: 'status', INPUT_CONFIG: 'nope.yaml', INPUT_STORE: '' });
    assert.equal(missing.code, 1, 'exit code 1 passes through');
    assert.match(missing.err, /ConfigNotFound/);
    assert.equal(missing.outputs.trim(), 'exit-code=1');

    const bogus = runAction(workspace, actionPath, { INPUT_COMMAND: 'deploy', INPUT_CONFIG: 'site/news.yaml', INPUT_STORE: '' });
    assert.equal(bogus.code, 2);
    assert.match(bogus.out, /::error::Unknown command "deploy"/);

    // An input is data, never shell: a hostile value is passed as one argument.
    const hostile = runAction(workspace, actionPath, { INPUT_COMMAND: 'status', INPUT_CONFIG: '$(touch pwned).yaml', INPUT_STORE: '' });
    assert.equal(hostile.code, 1);
    assert.equal(fs.existsSync(path.join(workspace, 'pwned')), false);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
