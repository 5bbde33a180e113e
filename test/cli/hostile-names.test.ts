import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { assertProblem, hostileSite, problemLines } from './hostile-site.js';

// Names that are fine on Linux but collide or cannot exist elsewhere: slugs that differ
// only in case (one file on macOS and Windows checkouts and many web hosts), and
// Windows device names as folders.

const front = (title: string, extra = ''): string => `---\ntitle: ${title}\ndate: 2025-06-11T10:00:00+08:00\n${extra}---\n\nBody.\n`;

test('article slugs that differ only in case (after NFC) are a collision naming both files', (t) => {
  const site = hostileSite();
  t.after(() => site.close());
  site.write('Hello.md', front('Upper'));
  site.write('hello.md', front('Lower'));
  // NFD in one file name, NFC upper case in the other's slug field.
  site.write('cafe\u0301.md', front('Decomposed'));
  site.write('other.md', front('Composed', 'slug: CAFÉ\n'));
  // A slug field against another file's name.
  site.write('news-today.md', front('Named'));
  site.write('x.md', front('Field', 'slug: News-Today\n'));
  const run = site.build();
  assert.equal(run.code, 1, run.stderr);
  const lines = problemLines(run.stderr).filter((l) => l.endsWith('[SlugCaseCollision]'));
  assert.equal(lines.length, 3, run.stderr);
  const joined = lines.join('\n');
  // Each names both files; the second of a pair points at its slug line when it has one.
  assert.match(joined, /content\/hello\.md:1 .*"hello".*"Hello" in content\/Hello\.md/);
  assert.match(joined, /content\/other\.md:4 .*"CAFÉ".*"café" in content\/caf(?:é|e\u0301)\.md/);
  assert.match(joined, /content\/x\.md:4 .*"News-Today".*"news-today" in content\/news-today\.md/);
  site.assertOutputIntact();
});

test('Windows device names never become folders; term slugs fold case, and folded clashes are errors', (t) => {
  const site = hostileSite();
  t.after(() => site.close());
  const names = ['con', 'NUL', 'Aux', 'prn', 'com1', 'LPT9', 'nul.txt', 'Con.js', 'com¹', 'conin$', 'Go', 'go', 'GO'];
  site.write('devices.md', front('Devices', `tags: [${names.map((n) => JSON.stringify(n)).join(', ')}]\nmain_topics: [AUX, Lpt1]\n`));
  const run = site.build();
  assert.equal(run.code, 0, run.stderr);
  const tags = fs.readdirSync(path.join(site.dir, 'public', 'tags')).sort();
  assert.deepEqual(tags, ['aux-', 'com1-', 'con-', 'con-.js', 'conin', 'go', 'lpt9-', 'nul-', 'nul-.txt', 'prn-', 'tech'].sort());
  const topics = fs.readdirSync(path.join(site.dir, 'public', 'topics')).sort();
  assert.deepEqual(topics, ['aux-', 'lpt1-']);
  // Every folder a path segment Windows accepts: no device stem, no trailing dot or space.
  for (const name of [...tags, ...topics]) {
    assert.ok(!/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name) && !/[. ]$/.test(name), name);
  }
  // The feeds link to the folders that exist.
  const opml = fs.readFileSync(path.join(site.dir, 'public', 'feeds.opml'), 'utf8');
  const urls = [...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => m[1] ?? '');
  for (const u of urls.filter((u) => u.includes('/tags/') || u.includes('/topics/'))) {
    const rel = decodeURIComponent(new URL(u).pathname).replace(/^\//, '');
    assert.ok(fs.existsSync(path.join(site.dir, 'public', rel)), `${u} exists`);
  }
  const rss = new XMLParser().parse(fs.readFileSync(path.join(site.dir, 'public', 'tags', 'go', 'feed.xml'), 'utf8')) as { rss: { channel: { title: string } } };
  assert.match(rss.rss.channel.title, /· (Go|go|GO)$/, 'Go, go and GO are one tag');
});

test('configured slugs that are device names, end in a dot, or differ only in case are refused', (t) => {
  const site = hostileSite();
  t.after(() => site.close());
  site.write('tagged.md', front('Tagged', 'tags: [Alpha, Beta, Gamma]\n'));
  const config = path.join(site.dir, 'broadsheet.yaml');
  const original = fs.readFileSync(config, 'utf8');

  fs.writeFileSync(config, `${original}tags:\n  slugs:\n    Alpha: Shared\n    Beta: shared\n`);
  const clash = site.build();
  assert.equal(clash.code, 1, clash.stderr);
  assert.match(assertProblem(clash.stderr, 'TermSlugCollision', 'content/tagged.md:4'), /"Beta" and "Alpha".*"shared" and "Shared"/);
  site.assertOutputIntact();

  fs.writeFileSync(config, `${original}tags:\n  slugs:\n    Alpha: nul\n    Beta: "v1."\n    Gamma: COM3.html\n`);
  const bad = site.build();
  assert.equal(bad.code, 1, bad.stderr);
  const lines = problemLines(bad.stderr).filter((l) => l.endsWith('[ConfigInvalid]'));
  assert.equal(lines.length, 3, bad.stderr);
  assert.match(lines.join('\n'), /"nul" for "alpha" is a device name on Windows/);
  assert.match(lines.join('\n'), /"v1\." for "beta" ends with a dot/);
  assert.match(lines.join('\n'), /"COM3\.html" for "gamma" is a device name on Windows/);
  site.assertOutputIntact();
});

test('article slugs that are device names or end in a dot are refused at their line', (t) => {
  const site = hostileSite();
  t.after(() => site.close());
  site.write('con.md', front('From the file name'));
  site.write('a.md', front('Field', 'slug: Lpt1.html\n'));
  site.write('b.md', front('Dot', 'slug: release-1.\n'));
  const run = site.build();
  assert.equal(run.code, 1, run.stderr);
  assert.match(assertProblem(run.stderr, 'SlugUnsafe', 'content/con.md:1'), /"con", is a device name on Windows/);
  assert.match(assertProblem(run.stderr, 'SlugUnsafe', 'content/a.md:4'), /device name/);
  assert.match(assertProblem(run.stderr, 'SlugUnsafe', 'content/b.md:4'), /ends with a dot/);
  site.assertOutputIntact();
});
