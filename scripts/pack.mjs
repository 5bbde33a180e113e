// Runs around `npm pack` / `npm publish` (prepack, postpack); not part of the package.
//
// prepack: removes dist/src so that `prepare`, which npm runs next, compiles it from
// the sources alone (no module left over from a deleted source), and copies the lock
// file to npm-shrinkwrap.json, which npm puts in the tarball and honours when the
// package is installed as a dependency. `overrides` apply only to the project they
// are written in; the shrinkwrap carries the pinned versions (Node 20-compatible
// nopt and abbrev under js-beautify) to every installation.
// postpack: removes the shrinkwrap again, so the repository keeps one lock file.
import fs from 'node:fs';

const mode = process.argv[2];
if (mode === 'prepack') {
  fs.rmSync('dist/src', { recursive: true, force: true });
  fs.copyFileSync('package-lock.json', 'npm-shrinkwrap.json');
} else if (mode === 'postpack') {
  fs.rmSync('npm-shrinkwrap.json', { force: true });
} else {
  console.error('usage: node scripts/pack.mjs prepack|postpack');
  process.exitCode = 2;
}
