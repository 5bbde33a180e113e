import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../../src/paths.js';

/**
 * The workflows `init --github` writes are the repository's own, with Broadsheet
 * installed from the registry instead of built from this checkout. This keeps them in
 * step: any other change to one must be made to the other.
 */
type Json = unknown;

function asRepoWouldInstall(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map((step: Json) => {
      if (step && typeof step === 'object' && (step as Record<string, Json>).run === 'npm ci') {
        return { name: 'Install Broadsheet', run: 'npm install --no-save --no-audit --no-fund broadsheet@{{VERSION_RANGE}}' };
      }
      return asRepoWouldInstall(step);
    });
  }
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value as Record<string, Json>)) {
      // setup-node's npm cache needs a lock file, which a new publication lacks.
      if (k === 'cache' && v === 'npm') continue;
      out[k] = asRepoWouldInstall(v);
    }
    return out;
  }
  if (typeof value === 'string') return value.replaceAll('npm run build', 'npx broadsheet build').replaceAll('node dist/src/cli/bin.js', 'npx broadsheet');
  return value;
}

/** The first schedule's cron is the publication's own schedule; compare the rest. */
function withoutOwnCron(wf: Json): Json {
  const copy = structuredClone(wf) as { on?: { schedule?: Array<{ cron: string }> } };
  const first = copy.on?.schedule?.[0];
  if (first) first.cron = 'SCHEDULE';
  return copy;
}

const read = (rel: string): string => fs.readFileSync(path.join(packageRoot, rel), 'utf8');

for (const name of ['publish.yml', 'newsletter.yml']) {
  test(`templates/init/github/${name} is the repository's ${name}, installing Broadsheet instead of building it`, () => {
    const repo = withoutOwnCron(asRepoWouldInstall(parse(read(`.github/workflows/${name}`))));
    const template = withoutOwnCron(parse(read(`templates/init/github/${name}`)));
    assert.deepEqual(template, repo);
  });
}

test('the publish workflows restore the build cache between runs', () => {
  for (const rel of ['.github/workflows/publish.yml', 'templates/init/github/publish.yml']) {
    const wf = parse(read(rel)) as { jobs: { build: { steps: Array<{ uses?: string; with?: { path?: string; key?: string } }> } } };
    const cache = wf.jobs.build.steps.find((s) => s.uses?.startsWith('actions/cache@'));
    assert.ok(cache, `${rel}: no actions/cache step`);
    assert.equal(cache.with?.path, '.broadsheet-cache');
    const buildAt = wf.jobs.build.steps.findIndex((s) => JSON.stringify(s).includes('broadsheet build') || JSON.stringify(s).includes('npm run build'));
    assert.ok(wf.jobs.build.steps.indexOf(cache) < buildAt, `${rel}: the cache is restored after the build`);
  }
});

test('templates/init/github/state-branch.sh is the repository\'s own script', () => {
  assert.equal(read('templates/init/github/state-branch.sh'), read('.github/state-branch.sh'));
});
