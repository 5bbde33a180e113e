import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../../src/paths.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { startFaultServer } from '../delivery/fault-smtp.js';
import { asList, asRecord } from './workflow-helpers.js';

/**
 * The newsletter workflow's own shell steps, taken from newsletter.yml and run in order
 * (restore, bring back the archive, build, send, status, keep the archive, save) the way
 * a scheduled run runs them, in a clone of a local bare origin, against a real SMTP
 * server that answers 451 to everything for a while and then recovers.
 */

const workflow = asRecord(parse(fs.readFileSync(path.join(packageRoot, '.github', 'workflows', 'newsletter.yml'), 'utf8')), 'newsletter.yml');
const SECRET = 'a-newsletter-run-test-secret-of-more-than-32-bytes';
const SUBSCRIBERS = 30;

/** Each `if:` of the send job's run steps, as it evaluates for a scheduled run (not a dispatch). */
const CONDITIONS: Record<string, 'success' | 'always' | 'never'> = {
  "github.event_name == 'workflow_dispatch' && inputs.dry_run": 'never',
  "github.event_name != 'workflow_dispatch' || !inputs.dry_run": 'success',
  'always()': 'always',
};

interface Step {
  name: string;
  run: string;
  when: 'success' | 'always' | 'never';
  env: Record<string, string>;
}

/** The send job's `run:` steps; `${{ … }}` in their env becomes the test's values. */
function sendJobSteps(values: Record<string, string>): Step[] {
  const job = asRecord(asRecord(workflow.jobs, 'jobs').send, 'jobs.send');
  const out: Step[] = [];
  for (const raw of asList(job.steps, 'steps')) {
    const s = asRecord(raw, 'step');
    if (typeof s.run !== 'string') continue;
    const condition = s.if === undefined ? 'success' : CONDITIONS[String(s.if)];
    assert.ok(condition, `a condition this test does not know how to evaluate: ${String(s.if)}`);
    assert.doesNotMatch(s.run, /\$\{\{/, 'scripts get expressions through env, never pasted in');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(s.env ? asRecord(s.env, 'env') : {})) {
      env[k] = String(v).replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => values[key] ?? '');
    }
    out.push({ name: typeof s.name === 'string' ? s.name : s.run.split('\n')[0]!, run: s.run, when: condition, env });
  }
  return out;
}

interface StepResult {
  name: string;
  code: number | null;
  out: string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    // What a run step without `shell:` gets on GitHub's Ubuntu runners.
    const child = spawn('bash', ['--noprofile', '--norc', '-e', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** One scheduled run of the job on a fresh runner (a new clone), steps in order with GitHub's if-rules. */
async function runJob(tmp: string, origin: string, name: string, baseEnv: NodeJS.ProcessEnv, values: Record<string, string>): Promise<StepResult[]> {
  const runner = path.join(tmp, name);
  execFileSync('git', ['clone', '-q', '--depth=1', `file://${origin}`, runner], { env: baseEnv });
  // The runner's `npm ci` (skipped here) would build dist/: this checkout's build stands in.
  fs.symlinkSync(path.join(packageRoot, 'dist'), path.join(runner, 'dist'));
  const output = path.join(tmp, `${name}.output`);
  fs.writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = { ...baseEnv, ...(asRecord(workflow.env, 'env') as Record<string, string>), GITHUB_OUTPUT: output, GITHUB_RUN_ID: name, GITHUB_JOB: 'send' };
  const results: StepResult[] = [];
  let failed = false;
  for (const step of sendJobSteps(values)) {
    if (step.run.trim() === 'npm ci') continue;
    if (step.when === 'never' || (step.when === 'success' && failed)) continue;
    const r = await bash(step.run, runner, { ...env, ...step.env });
    results.push({ name: step.name, ...r });
    if (r.code !== 0) failed = true;
  }
  return results;
}

test('the workflow through an SMTP outage: exit 75 marked, state saved, the next run delivers each exactly once', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'h18-wf-'));
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  const baseEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.org',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.org',
  };
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: baseEnv, encoding: 'utf8' }).trim();
  let outage = true;
  let refusals = 0;
  const server = await startFaultServer({
    rcpt: () => {
      if (!outage) return undefined;
      refusals += 1;
      return { code: 451, message: '4.3.0 Temporary system problem, try again later' };
    },
  });
  try {
    // The newsletter repository: config, content, the state script; dist/ comes from the build.
    const origin = path.join(tmp, 'origin.git');
    git(tmp, 'init', '-q', '--bare', '-b', 'main', origin);
    const repo = path.join(tmp, 'repo');
    git(tmp, 'clone', '-q', origin, repo);
    fs.mkdirSync(path.join(repo, 'content'));
    fs.mkdirSync(path.join(repo, '.github'));
    fs.copyFileSync(path.join(packageRoot, '.github', 'state-branch.sh'), path.join(repo, '.github', 'state-branch.sh'));
    fs.writeFileSync(path.join(repo, '.gitignore'), 'state/\npublic/\ndist\nnode_modules/\n');
    fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ name: 'weekly', private: true, scripts: { build: 'node dist/src/cli/bin.js build' } }));
    // Daily at midnight UTC: today's edition is due whenever the test runs.
    fs.writeFileSync(
      path.join(repo, 'broadsheet.yaml'),
      ['site:', '  title: Outage Weekly', '  url: https://news.example.org/', '  timezone: UTC', 'digest:', '  schedule: "0 0 * * *"', '  lookback: 14d',
        'newsletter:', '  from: Outage Weekly <digest@news.example.org>', '  service_url: https://subscribe.news.example.org/',
        'delivery:', '  rate: 1000', '  concurrency: 3', '  retry_delay: 1', ''].join('\n'),
    );
    const dated = new Date(Date.now() - 3 * 86_400_000).toISOString();
    fs.writeFileSync(path.join(repo, 'content', 'news.md'), `---\ntitle: The news\ndate: ${dated}\n---\n\nSomething happened.\n`);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'newsletter');
    git(repo, 'push', '-q', 'origin', 'HEAD:main');

    // The operator seeds the state branch with the subscribers.
    const seed = path.join(tmp, 'seed');
    git(tmp, 'clone', '-q', origin, seed);
    const script = path.join(seed, '.github', 'state-branch.sh');
    const stateEnv = { ...baseEnv, STATE_BRANCH: 'broadsheet-state' };
    execFileSync('bash', [script, 'restore', 'state'], { cwd: seed, env: stateEnv });
    const store = openSqliteStore(path.join(seed, 'state', 'broadsheet.db'));
    await store.upsertSubscribers(Array.from({ length: SUBSCRIBERS }, (_, i) => ({ email: `reader${i}@example.net`, status: 'confirmed' as const })), new Date());
    await store.close();
    execFileSync('bash', [script, 'save', 'state'], { cwd: seed, env: stateEnv });

    const values = { 'secrets.SMTP_URL': server.url, 'secrets.BROADSHEET_SECRET': SECRET };
    const byName = (results: StepResult[], part: string): StepResult | undefined => results.find((r) => r.name.includes(part));
    const log = (results: StepResult[]): string => results.map((r) => `--- ${r.name} (${r.code})\n${r.out}`).join('\n');

    // A scheduled run during the outage.
    const during = await runJob(tmp, origin, 'run1', baseEnv, values);
    assert.deepEqual(
      during.map((r) => r.name),
      ['Restore the store from the state branch', 'Bring back the web archive', 'Build the feeds', 'Send the edition if one is due', 'Status', 'Keep the web archive with the store', 'Save the store to the state branch'],
      'restore, build, send, then the always() steps',
    );
    const send1 = byName(during, 'Send');
    assert.equal(send1?.code, 75, log(during));
    assert.match(send1?.out ?? '', /::warning title=Deliveries pending::/, 'the run is marked for the operator');
    assert.match(send1?.out ?? '', new RegExp(`${SUBSCRIBERS} deliveries stay pending, the next due at the next run`));
    assert.ok(refusals >= 8 && refusals <= 8 + 3, `stopped early: the server saw ${refusals} attempts`);
    assert.match(byName(during, 'Status')?.out ?? '', /Pending deliveries: 30[\s\S]*\d+ × [^\n]*RCPT TO 451[^\n]*Temporary system problem[^\n]*next attempt/, log(during));
    assert.equal(byName(during, 'Save')?.code, 0, log(during));
    assert.equal(git(origin, 'rev-list', '--count', 'broadsheet-state'), '1');
    assert.equal(server.accepted.length, 0);

    // The provider is back; the next scheduled run (the 3-hourly safety net) finishes.
    outage = false;
    const after = await runJob(tmp, origin, 'run2', baseEnv, values);
    assert.ok(after.every((r) => r.code === 0), log(after));
    assert.match(byName(after, 'Send')?.out ?? '', /Resuming unfinished edition/);
    assert.match(byName(after, 'Status')?.out ?? '', /Pending deliveries: 0/);
    assert.equal(server.accepted.length, SUBSCRIBERS);
    assert.equal(new Set(server.accepted.map((m) => m.to)).size, SUBSCRIBERS, 'each subscriber exactly once');
    assert.equal(git(origin, 'rev-list', '--count', 'broadsheet-state'), '1');

    // A third run finds nothing to do and sends nothing.
    const idle = await runJob(tmp, origin, 'run3', baseEnv, values);
    assert.ok(idle.every((r) => r.code === 0), log(idle));
    assert.equal(server.accepted.length, SUBSCRIBERS);
  } finally {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
