import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { Cron } from 'croner';
import { packageRoot } from '../../src/paths.js';
import { loadConfig } from '../../src/config/load.js';
import { requireSchedule } from '../../src/schedule/from-config.js';
import { nextScheduledAfter } from '../../src/schedule/cron.js';
import { asRecord, asList, allRunSteps, broadsheetInvocations, cliCommandNames, commandUsage, npmInvocations } from './workflow-helpers.js';

const root = packageRoot;
const readYaml = (rel: string): Record<string, unknown> => asRecord(parse(fs.readFileSync(path.join(root, rel), 'utf8')), rel);
const ci = readYaml('.github/workflows/ci.yml');
const publish = readYaml('.github/workflows/publish.yml');
const newsletter = readYaml('.github/workflows/newsletter.yml');
const action = readYaml('action.yml');
const workflows = { 'ci.yml': ci, 'publish.yml': publish, 'newsletter.yml': newsletter, 'action.yml': action };
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };

function job(wf: Record<string, unknown>, name: string): Record<string, unknown> {
  return asRecord(asRecord(wf.jobs, 'jobs')[name], `jobs.${name}`);
}
function steps(j: Record<string, unknown>): Record<string, unknown>[] {
  return asList(j.steps, 'steps').map((s, i) => asRecord(s, `steps[${i}]`));
}
const uses = (s: Record<string, unknown>): string => (typeof s.uses === 'string' ? s.uses : '');

test('every npm script a workflow or the action runs exists in package.json', () => {
  let seen = 0;
  for (const [file, wf] of Object.entries(workflows)) {
    for (const run of allRunSteps(wf)) {
      for (const inv of npmInvocations(run.script)) {
        seen += 1;
        if (inv.kind === 'ci') continue;
        assert.ok(pkg.scripts[inv.script], `${file}: "npm ${inv.kind === 'run' ? 'run ' : ''}${inv.script}" but package.json has no such script`);
      }
    }
  }
  assert.ok(seen >= 6, `expected npm ci / test / run build across the files, saw ${seen}`);
});

test('every broadsheet command a workflow or the action runs exists, with the flags it passes', async () => {
  const known = cliCommandNames(fs.readFileSync(path.join(root, 'src/cli/main.ts'), 'utf8'));
  assert.ok(known.includes('send') && known.includes('build'), `commands parsed from main.ts: ${known.join(', ')}`);
  // The bin path the workflows call is the one package.json publishes.
  assert.equal(pkg.bin.broadsheet, 'dist/src/cli/bin.js');
  let seen = 0;
  for (const [file, wf] of Object.entries(workflows)) {
    for (const run of allRunSteps(wf)) {
      for (const inv of broadsheetInvocations(run.script)) {
        seen += 1;
        assert.ok(known.includes(inv.command), `${file}: "broadsheet ${inv.command}" is not a command (known: ${known.join(', ')})`);
        const usage = await commandUsage(inv.command);
        for (const flag of inv.flags) assert.ok(usage.includes(flag), `${file}: broadsheet ${inv.command} does not document ${flag} in its --help`);
      }
    }
  }
  assert.ok(seen >= 5, `expected build, send --due, status, digest invocations, saw ${seen}`);
});

test('scripts the workflows call exist in the repository', () => {
  for (const [file, wf] of Object.entries(workflows)) {
    for (const run of allRunSteps(wf)) {
      for (const m of run.script.matchAll(/bash\s+"?(?:\$GITHUB_ACTION_PATH\/)?(\.github\/[\w./-]+\.sh)/g)) {
        assert.ok(fs.existsSync(path.join(root, m[1]!)), `${file} runs ${m[1]} which does not exist`);
      }
    }
  }
});

test('secrets are referenced through ${{ secrets.X }} in env, never inlined', () => {
  const credentialUrl = /smtps?:\/\/[^\s@/'"]+:[^\s@/'"]+@/i;
  for (const file of ['.github/workflows/ci.yml', '.github/workflows/publish.yml', '.github/workflows/newsletter.yml', 'action.yml']) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    assert.doesNotMatch(text, credentialUrl, `${file} holds an SMTP URL with credentials`);
    assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, `${file} holds a private key`);
    for (const run of allRunSteps(workflows[path.basename(file) as keyof typeof workflows])) {
      // In a script a secret would be pasted into the shell text (and could break out of quotes).
      assert.doesNotMatch(run.script, /\$\{\{\s*secrets\./, `${file}: a run script pastes a secret; pass it through env`);
      assert.doesNotMatch(run.script, /\$\{\{\s*inputs\./, `${file}: a run script pastes an input; pass it through env`);
    }
  }
  const send = steps(job(newsletter, 'send')).find((s) => typeof s.run === 'string' && s.run.includes('send --due'));
  assert.ok(send, 'newsletter.yml has a send --due step');
  const env = asRecord(send.env, 'send step env');
  for (const name of ['SMTP_URL', 'BROADSHEET_SECRET', 'DKIM_PRIVATE_KEY']) {
    assert.equal(env[name], `\${{ secrets.${name} }}`, `${name} comes from the repository secret of that name`);
  }
  // The names are the ones the code reads.
  const src = fs.readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const code = src.map((f) => fs.readFileSync(path.join(root, 'src', f), 'utf8')).join('\n');
  assert.equal(env.DKIM_SELECTOR, '${{ vars.DKIM_SELECTOR }}', 'the selector is a variable, not a secret');
  for (const name of ['SMTP_URL', 'BROADSHEET_SECRET', 'DKIM_PRIVATE_KEY', 'DKIM_SELECTOR', 'DKIM_DOMAIN']) {
    assert.match(code, new RegExp(`\\b${name}\\b`), `src/ never mentions ${name}, so setting it does nothing`);
  }
});

test('ci.yml runs the README test command on push and pull request, Node 20 and 22', () => {
  const on = asRecord(ci.on, 'on');
  assert.ok('push' in on && 'pull_request' in on);
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const testLine = /^(npm [^\n#]*?)\s+# the whole test suite/m.exec(readme)?.[1];
  assert.equal(testLine, 'npm test', 'README names its test command');
  const t = job(ci, 'test');
  const matrix = asRecord(asRecord(t.strategy, 'strategy').matrix, 'matrix');
  assert.deepEqual(asList(matrix.node, 'matrix.node').map(String).sort(), ['20', '22']);
  const runs = steps(t).map((s) => (typeof s.run === 'string' ? s.run.trim() : ''));
  const ciIndex = runs.indexOf('npm ci');
  const testIndex = runs.indexOf(testLine);
  assert.ok(ciIndex >= 0 && testIndex > ciIndex, 'npm ci, then the README test command');
  const setupNode = steps(t).find((s) => uses(s).startsWith('actions/setup-node@'));
  assert.equal(asRecord(setupNode?.with, 'with')['node-version'], '${{ matrix.node }}');
  assert.ok(runs.some((r) => r.includes('CHROMIUM_PATH=') && r.includes('GITHUB_ENV')), 'the browser path reaches the tests');
  assert.equal(asRecord(ci.permissions, 'permissions').contents, 'read');
});

test('publish.yml builds on the default branch and deploys public/ with the official Pages actions', () => {
  const build = job(publish, 'build');
  const deploy = job(publish, 'deploy');
  assert.match(String(build.if), /github\.ref_name == github\.event\.repository\.default_branch/);
  const b = steps(build);
  const order = (pred: (s: Record<string, unknown>) => boolean): number => b.findIndex(pred);
  const iBuild = order((s) => s.run === 'npm run build');
  const iArchive = order((s) => String(s.run).includes('state-branch.sh restore') && String(s.run).includes('cp -R state/digests public/'));
  assert.ok(iArchive >= 0 && iArchive < iBuild, "the digests' archive is brought back before the build, so a deploy never drops it");
  const iUpload = order((s) => uses(s).startsWith('actions/upload-pages-artifact@'));
  assert.ok(order((s) => uses(s).startsWith('actions/configure-pages@')) >= 0);
  assert.ok(iBuild >= 0 && iUpload > iBuild, 'build before upload');
  // The uploaded folder is the one the sample config builds into.
  const config = loadConfig(path.join(root, 'broadsheet.yaml'), {}, root);
  assert.equal(path.resolve(root, String(asRecord(b[iUpload]!.with, 'with').path)), config.outputDir);
  assert.deepEqual(asRecord(deploy.permissions, 'permissions'), { pages: 'write', 'id-token': 'write' });
  assert.equal(asRecord(deploy.environment, 'environment').name, 'github-pages');
  assert.deepEqual(deploy.needs, 'build');
  assert.ok(steps(deploy).some((s) => uses(s).startsWith('actions/deploy-pages@')));
  assert.deepEqual(asRecord(publish.permissions, 'permissions'), { contents: 'read' }, 'write access only where it is needed');
});

test('newsletter.yml: one run at a time, never cancelled; minimal permissions; dry-run input', () => {
  assert.deepEqual(newsletter.concurrency, { group: 'newsletter', 'cancel-in-progress': false });
  assert.deepEqual(newsletter.permissions, {});
  assert.deepEqual(job(newsletter, 'send').permissions, { contents: 'write' });
  assert.deepEqual(job(newsletter, 'keepalive').permissions, { actions: 'write' });
  assert.deepEqual(job(newsletter, 'keepalive-commit').permissions, { contents: 'write' });
  assert.match(String(job(newsletter, 'keepalive-commit').if), /vars\.KEEPALIVE_COMMIT == 'true'/, 'writing to the default branch is opt-in');
  assert.deepEqual(job(newsletter, 'deploy').permissions, { pages: 'write', 'id-token': 'write' });
  assert.deepEqual(asRecord(job(newsletter, 'deploy').concurrency, 'concurrency'), { group: 'pages', 'cancel-in-progress': false }, 'one Pages deployment at a time, shared with publish.yml');
  assert.deepEqual(publish.concurrency, { group: 'pages', 'cancel-in-progress': false });
  const inputs = asRecord(asRecord(asRecord(newsletter.on, 'on').workflow_dispatch, 'workflow_dispatch').inputs, 'inputs');
  assert.equal(asRecord(inputs.dry_run, 'dry_run').type, 'boolean');
  // A dry run never reaches the send step.
  const send = steps(job(newsletter, 'send'));
  const sendStep = send.find((s) => String(s.run).includes('send --due'));
  assert.match(String(sendStep?.if), /!inputs\.dry_run/);
});

test('newsletter.yml keeps the store across runs, saving it even after a failed run', () => {
  const s = steps(job(newsletter, 'send'));
  const idx = (needle: string): number => s.findIndex((x) => String(x.run).includes(needle));
  const restore = idx('state-branch.sh restore');
  const sendDue = idx('send --due');
  const save = idx('state-branch.sh save');
  assert.ok(restore >= 0 && restore < sendDue && sendDue < save, 'restore, send, save in that order');
  assert.equal(s[save]!.if, 'always()', 'the save step runs after a failure too');
  const env = asRecord(newsletter.env, 'env');
  assert.equal(env.BROADSHEET_STORE, 'state/broadsheet.db', 'the store lives in the restored folder');
  // The digests' web archive travels with the store, and a changed archive is deployed.
  const bringBack = idx('cp -R state/digests public/');
  const build = idx('npm run build');
  const keep = idx('cp -R public/digests state/');
  assert.ok(restore < bringBack && bringBack < build, 'archive restored before the build, which keeps digests/');
  assert.ok(sendDue < keep && keep < save && s[keep]!.if === 'always()', 'archive copied into state/ before the save, even after a failure');
  const deploy = job(newsletter, 'deploy');
  assert.equal(deploy.needs, 'send');
  assert.match(String(deploy.if), /needs\.send\.outputs\.archive-changed == 'true'/);
  assert.ok(steps(deploy).some((x) => uses(x).startsWith('actions/deploy-pages@')));
  assert.equal(asRecord(job(newsletter, 'send').outputs, 'outputs')['archive-changed'], '${{ steps.archive.outputs.changed }}');
});

test("newsletter.yml's schedule wakes within minutes of every time digest.schedule names, and keeps itself alive", () => {
  const crons = asList(asRecord(newsletter.on, 'on').schedule, 'on.schedule').map((e) => String(asRecord(e, 'schedule entry').cron));
  assert.ok(crons.length >= 2);
  const parsed = crons.map((c) => new Cron(c, { timezone: 'UTC', paused: true, mode: '5-part' }));
  const config = loadConfig(path.join(root, 'broadsheet.yaml'), {}, root);
  const schedule = requireSchedule(config, 'test', root);
  let t = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < 60; i++) {
    const due = nextScheduledAfter(schedule, t);
    assert.ok(due);
    const wake = Math.min(...parsed.map((c) => c.nextRun(new Date(due.getTime() - 1))?.getTime() ?? Infinity));
    const lag = (wake - due.getTime()) / 60_000;
    assert.ok(lag >= 0 && lag <= 30, `digest time ${due.toISOString()}: the workflow next wakes ${lag} min later`);
    t = due;
  }
  // Keep-alive: a monthly entry drives the keepalive job, which re-enables the workflow.
  const keepalive = job(newsletter, 'keepalive');
  const cronInIf = /github\.event\.schedule == '([^']+)'/.exec(String(keepalive.if))?.[1];
  assert.ok(cronInIf && crons.includes(cronInIf), 'keepalive runs on one of the schedule entries');
  assert.match(String(steps(keepalive)[0]?.run), /gh workflow enable/);
  assert.match(String(job(newsletter, 'send').if), new RegExp(`github\\.event\\.schedule != '${cronInIf.replace(/[*]/g, '\\*')}'`), 'the keep-alive tick sends nothing');
});

test('action.yml is a composite action whose inputs are all used', () => {
  assert.equal(asRecord(action.runs, 'runs').using, 'composite');
  const inputs = Object.keys(asRecord(action.inputs, 'inputs'));
  assert.deepEqual(inputs.sort(), ['command', 'config', 'node-version', 'state-branch', 'store', 'working-directory']);
  const body = JSON.stringify(action.runs);
  for (const name of inputs) assert.ok(body.includes(`inputs.${name}`), `input ${name} is declared but never used`);
  const s = asList(asRecord(action.runs, 'runs').steps, 'steps').map((x, i) => asRecord(x, `steps[${i}]`));
  for (const step of s) if (step.run) assert.equal(step.shell, 'bash', 'composite run steps must name a shell');
  assert.ok(s.some((x) => String(x.run).includes('npm ci --prefix "$GITHUB_ACTION_PATH"')), 'installs from its own folder');
  const save = s.find((x) => String(x.run).includes('state-branch.sh" save'));
  assert.match(String(save?.if), /^always\(\) && /);
});
