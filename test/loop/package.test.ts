import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { nodeSatisfies } from './node-range.js';

interface Pkg {
  name: string;
  version: string;
  bin: Record<string, string>;
  main: string;
  types: string;
  files: string[];
  exports: Record<string, unknown>;
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, unknown>;
}
const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as Pkg;

function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...jsFiles(p));
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

/** The package a bare specifier names: `@scope/name/x` → `@scope/name`, `name/x` → `name`. */
const packageOf = (spec: string): string => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

test('npm range check: the forms engines.node uses', () => {
  assert.equal(nodeSatisfies('v20.20.2', '^22.22.2 || ^24.15.0 || >=26.0.0'), false);
  assert.equal(nodeSatisfies('v20.20.2', '^20.17.0 || >=22.9.0'), true);
  assert.equal(nodeSatisfies('v20.20.2', '>=14'), true);
  assert.equal(nodeSatisfies('v20.20.2', '>= 18 < 20'), false);
  assert.equal(nodeSatisfies('v20.20.2', '20.x'), true);
  assert.equal(nodeSatisfies('v20.20.2', '~20.19'), false);
  assert.equal(nodeSatisfies('v20.20.2', '12 - 22'), true);
  assert.equal(nodeSatisfies('v20.20.2', '*'), true);
});

test('runtime code imports only dependencies and Node built-ins, never a devDependency', () => {
  const allowed = new Set(Object.keys(pkg.dependencies));
  const builtins = new Set(builtinModules);
  const seen = new Set<string>();
  for (const file of jsFiles(path.join(packageRoot, 'dist', 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec)) continue;
      const name = packageOf(spec);
      seen.add(name);
      assert.ok(allowed.has(name), `${path.relative(packageRoot, file)} imports "${spec}", which is not in dependencies${pkg.devDependencies[name] ? ' (it is a devDependency)' : ''}`);
    }
  }
  for (const dep of ['yaml', 'zod', 'mjml', 'better-sqlite3']) assert.ok(seen.has(dep), `the import scan missed ${dep}: it found ${[...seen].join(', ')}`);
});

test('what npm ci installs outside dev claims to support this Node (no EBADENGINE)', () => {
  const lock = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }> };
  const bad: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '' || entry.dev) continue;
    const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
    if (range && !nodeSatisfies(process.version, range)) bad.push(`${where}@${entry.version ?? '?'} wants node ${range}`);
  }
  assert.deepEqual(bad, [], `packages that would print EBADENGINE on ${process.version}`);
  assert.ok(nodeSatisfies(process.version, pkg.engines.node));
});

test('package.json: bin, main, types and exports point into dist/src, which files ships', () => {
  assert.equal(pkg.bin.broadsheet, 'dist/src/cli/bin.js');
  assert.equal(pkg.main, 'dist/src/index.js');
  assert.equal(pkg.types, 'dist/src/index.d.ts');
  assert.deepEqual(pkg.exports['.'], { types: './dist/src/index.d.ts', import: './dist/src/index.js', default: './dist/src/index.js' });
  assert.ok(pkg.files.includes('dist/src') && pkg.files.includes('templates'));
  assert.match(fs.readFileSync(path.join(packageRoot, 'src', 'cli', 'bin.ts'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
});

function run(cmd: string, args: string[], cwd: string, timeout = 170_000): { code: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_update_notifier: 'false', LANG: 'C', TZ: 'UTC' } });
  return { code: r.status ?? -1, out: `${r.stdout}\n${r.stderr}${r.error ? `\n${r.error.message}` : ''}` };
}

test('npm pack gives a tarball that installs into an empty folder and runs init, build, check and digest', { timeout: 600_000 }, (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-pack-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  // Pack a copy of the sources, so prepack's cleaning of dist/src never touches the
  // dist/ that the other test files are running from.
  const src = path.join(tmp, 'src');
  fs.mkdirSync(src);
  for (const name of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'src', 'templates', 'scripts']) {
    fs.cpSync(path.join(packageRoot, name), path.join(src, name), { recursive: true });
  }
  fs.symlinkSync(path.join(packageRoot, 'node_modules'), path.join(src, 'node_modules'), 'dir');
  const pack = run('npm', ['pack', '--pack-destination', tmp], src);
  assert.equal(pack.code, 0, pack.out);
  const tarball = path.join(tmp, `${pkg.name}-${pkg.version}.tgz`);
  assert.ok(fs.existsSync(tarball), pack.out);
  assert.ok(!fs.existsSync(path.join(src, 'npm-shrinkwrap.json')), 'postpack leaves no shrinkwrap behind');

  const list = run('tar', ['tzf', tarball], tmp).out.split('\n').map((l) => l.replace(/^package\//, ''));
  for (const f of ['package.json', 'npm-shrinkwrap.json', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/bin.js', 'templates/digest.mjml', 'templates/init/github/publish.yml']) {
    assert.ok(list.includes(f), `the tarball lacks ${f}`);
  }
  for (const f of list) assert.ok(!/^(dist\/test|src|scripts|test|bench|content)\//.test(f) && !f.endsWith('.ts') || f.endsWith('.d.ts'), `the tarball should not hold ${f}`);
  // The shrinkwrap carries the lock's pins to installations from the registry.
  const shrink = JSON.parse(run('tar', ['xzOf', tarball, 'package/npm-shrinkwrap.json'], tmp).out.split('\n\n')[0] ?? '{}') as { packages?: Record<string, { version?: string }> };
  assert.equal(shrink.packages?.['node_modules/js-beautify/node_modules/nopt']?.version?.split('.')[0], '9');

  const consumer = path.join(tmp, 'consumer');
  fs.mkdirSync(consumer);
  // The registry may be asked for what the cache lacks; --ignore-scripts skips
  // compiling better-sqlite3, which init, build, check and digest without a store never load.
  const install = run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball], consumer, 400_000);
  assert.equal(install.code, 0, install.out);
  const installed = path.join(consumer, 'node_modules', pkg.name);
  // Dev-only packages (some devDependencies, such as htmlparser2, are also runtime dependencies' dependencies).
  const lock = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const devOnly = Object.keys(pkg.devDependencies).filter((d) => lock.packages[`node_modules/${d}`]?.dev === true);
  assert.ok(devOnly.includes('playwright-core') && devOnly.includes('smtp-server'), devOnly.join(', '));
  for (const dev of devOnly) assert.ok(!fs.existsSync(path.join(consumer, 'node_modules', dev)), `devDependency ${dev} was installed`);

  const site = path.join(consumer, 'site');
  fs.mkdirSync(site);
  const npx = (...args: string[]): { code: number; out: string } => run('npx', ['--no-install', 'broadsheet', ...args], site);
  const init = npx('init', '--language', 'zh-CN', '--timezone', 'Asia/Shanghai');
  assert.equal(init.code, 0, init.out);
  const build = npx('build');
  assert.equal(build.code, 0, build.out);
  assert.match(fs.readFileSync(path.join(site, 'public', 'feed.xml'), 'utf8'), /欢迎来到你的刊物/);
  assert.equal(npx('check').code, 0);
  const digest = npx('digest');
  assert.equal(digest.code, 0, digest.out);
  assert.equal(npx('--version').out.trim().split('\n')[0], pkg.version);

  // As a library: the package's name resolves to its exports, with types beside them.
  const lib = run(process.execPath, ['--input-type=module', '-e', "import { loadConfig, runMain } from 'broadsheet'; console.log(typeof loadConfig, typeof runMain, loadConfig(undefined, {}, process.argv[1]).site.language);", site], consumer);
  assert.equal(lib.out.trim().split('\n')[0], 'function function zh-CN', lib.out);
  assert.ok(fs.existsSync(path.join(installed, 'dist', 'src', 'index.d.ts')));
});
