import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseOpml, parseRssFeed } from 'feedsmith';
import { FILES, NOW, SITE, hashTree, writeCorpus } from './seed-corpus.js';
import { cli, read } from './run.js';
import { assertAsciiUrl, assertJsonFeed11, assertNamespacesDeclared, assertWellFormed, parseRfc3339, parseRfc822 } from '../feeds/feed-rules.js';

const cleanups: string[] = [];
test.after(() => {
  for (const dir of cleanups) fs.rmSync(dir, { recursive: true, force: true });
});
function corpus(files = FILES): string {
  const root = writeCorpus(files);
  cleanups.push(root);
  return root;
}

const PUBLISHED = ['meta-scale-ai', 'node-streams', 'toml-note'].map((s) => `${SITE}posts/${s}/`);
const EXPECTED_DIRS = [
  'tags/ai-ml',
  'tags/ai竞赛',
  'tags/cpp',
  'tags/hello-world',
  'tags/node.js',
  'topics/engineering',
  'topics/人工智能战略投资',
  'topics/科技人才与竞争',
];

function feedDirs(root: string): string[] {
  return [...hashTree(path.join(root, 'public')).keys()]
    .filter((p) => p.endsWith('/feed.xml'))
    .map((p) => p.slice(0, -'/feed.xml'.length))
    .sort();
}

test('build writes valid feeds for the site and exactly the published topics and tags', async () => {
  const root = corpus();
  const run = await cli(root, 'build', '--now', NOW);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Built 9 feeds \(\d+ files\) from 3 published articles into public\/ in \d+\.\d\d s$/m);
  assert.deepEqual(feedDirs(root), EXPECTED_DIRS);

  const rss = parseRssFeed(read(root, 'feed.xml'));
  assert.deepEqual(rss.items?.map((i) => i.link), PUBLISHED);
  const [meta, node] = rss.items ?? [];
  assert.equal(meta?.title, 'Meta的豪赌：143亿美元押注数据洞察');
  assert.equal(parseRfc822(meta?.pubDate ?? '').toISOString(), '2025-06-16T04:30:04.000Z');
  assert.equal(parseRfc822(node?.pubDate ?? '').toISOString(), '2025-06-10T08:00:00.000Z');
  assert.deepEqual(meta?.categories?.map((c) => c.name), ['人工智能战略投资', '科技人才与竞争', 'AI竞赛', 'C++', 'AI/ML']);
  assert.deepEqual(node?.authors, [{ email: 'ada@example.org', name: 'Ada' }]);
  assert.equal(meta?.dc?.creators, undefined);
  // The summary has its footnote marker stripped; the content has the notes, linked absolutely.
  assert.equal(meta?.description, 'Meta以143亿美元投资数据标注公司Scale AI，重振其AI竞争力。');
  const html = meta?.content?.encoded ?? '';
  assert.doesNotMatch(html, /\[\^/);
  const refs = [...html.matchAll(/href="([^"]*#[^"]*)"/g)].map((m) => m[1] ?? '');
  assert.ok(refs.length >= 4, `footnote links: ${refs.join(' ')}`);
  for (const href of refs) assert.ok(href.startsWith(`${SITE}posts/meta-scale-ai/#`), href);
  assert.match(html, /cloud\.tencent\.com\/developer\/article\/2531582/);
  assert.match(html, /src="https:\/\/news\.example\.org\/images\/meta\.png"/);
  assert.match(html, /href="https:\/\/news\.example\.org\/posts\/node-streams\/"/);
  // Hostile HTML never reaches a feed; control characters are gone, `]]>` is plain text.
  const contents = {
    rss: (rss.items ?? []).map((i) => i.content?.encoded ?? ''),
    atom: (parseAtomFeed(read(root, 'atom.xml')).entries ?? []).map((e) => e.content?.value ?? ''),
    json: (parseJsonFeed(JSON.parse(read(root, 'feed.json')) as unknown).items ?? []).map((i) => i.content_html ?? ''),
  };
  for (const [format, list] of Object.entries(contents)) {
    assert.equal(list.length, 3, format);
    assert.match(list[1] ?? '', /pipeline\(\)/, `${format} carries the hostile article's safe text`);
    for (const content of list) assert.doesNotMatch(content, /<script|<iframe|\son\w+=|javascript:/i, format);
  }
  assert.match(node?.content?.encoded ?? '', /bell here, and a CDATA end \]\]&gt; too/);
});

test('every produced feed passes the validator rules and parses with every link absolute and ASCII', async () => {
  const root = corpus();
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  for (const dir of ['', ...EXPECTED_DIRS.map((d) => `${d}/`)]) {
    const rssText = read(root, `${dir}feed.xml`);
    const atomText = read(root, `${dir}atom.xml`);
    for (const [name, text] of [['feed.xml', rssText], ['atom.xml', atomText]] as const) {
      assertWellFormed(text, `${dir}${name}`);
      assertNamespacesDeclared(text);
      // Relative, so it is found from file:// and under a sub-path: `feed.css` at the top, `../../feed.css` two folders down.
      const up = dir === '' ? '' : '../'.repeat(dir.split('/').length - 1);
      assert.ok(text.includes(`<?xml-stylesheet type="text/css" href="${up}feed.css"?>`), `${dir}${name} links ${up}feed.css`);
    }
    const selfBase = SITE + dir.split('/').map((s) => encodeURIComponent(s)).join('/');
    const rss = parseRssFeed(rssText);
    assert.equal(rss.atom?.links?.find((l) => l.rel === 'self')?.href, `${selfBase}feed.xml`);
    parseRfc822(rss.lastBuildDate ?? '');
    for (const item of rss.items ?? []) {
      assertAsciiUrl(item.link);
      assert.equal(item.guid?.value, item.link);
      assert.equal(item.guid?.isPermaLink, true);
      parseRfc822(item.pubDate ?? '');
      for (const href of (item.content?.encoded ?? '').matchAll(/(?:href|src)="([^"]*)"/g)) assertAsciiUrl(href[1]?.replace(/&amp;/g, '&'), 'content URL');
    }
    const atom = parseAtomFeed(atomText);
    assert.equal(atom.links?.find((l) => l.rel === 'self')?.href, `${selfBase}atom.xml`);
    for (const e of atom.entries ?? []) {
      assert.ok(PUBLISHED.includes(e.id ?? ''), `entry id ${e.id} is a published permalink`);
      parseRfc3339(e.published ?? '');
      parseRfc3339(e.updated ?? '');
    }
    const json = JSON.parse(read(root, `${dir}feed.json`)) as unknown;
    assertJsonFeed11(json, `${selfBase}feed.json`);
    assert.deepEqual(parseJsonFeed(json).items?.map((i) => i.id), rss.items?.map((i) => i.link));
  }
  const topic = parseRssFeed(read(root, 'topics/人工智能战略投资/feed.xml'));
  assert.equal(topic.title, '纸上谈兵 · 人工智能战略投资');
  const updated = parseJsonFeed(JSON.parse(read(root, 'tags/node.js/feed.json')) as unknown).items?.[0]?.date_modified;
  assert.equal(new Date(updated ?? '').toISOString(), '2025-06-12T10:00:00.000Z');
});

test('OPML lists every feed with its title and absolute xmlUrl', async () => {
  const root = corpus();
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  const opml = parseOpml(read(root, 'feeds.opml'));
  const outlines = (opml.body?.outlines ?? []).flatMap((o) => (o.outlines?.length ? o.outlines : [o]));
  const expected = ['', ...EXPECTED_DIRS.map((d) => `${d}/`)].map((dir) => parseRssFeed(read(root, `${dir}feed.xml`)));
  assert.deepEqual(
    outlines.map((o) => [o.text, o.xmlUrl]).sort(),
    expected.map((f) => [f.title, f.atom?.links?.[0]?.href]).sort(),
  );
  for (const o of outlines) assertAsciiUrl(o.xmlUrl);
});

test('feeds.formats writes only the chosen formats, links only to them, and a rebuild removes the others', async () => {
  const root = corpus();
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  const all = hashTree(path.join(root, 'public'));
  assert.ok(all.has('atom.xml') && all.has('tags/cpp/feed.json'));
  const config = path.join(root, 'broadsheet.yaml');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('feeds:\n  limit: 20\n', 'feeds:\n  limit: 20\n  formats: [rss]\n'));
  const rssOnly = await cli(root, 'build', '--now', NOW);
  assert.equal(rssOnly.code, 0, rssOnly.stderr);
  const files = [...hashTree(path.join(root, 'public')).keys()];
  assert.deepEqual(files.filter((f) => /(atom\.xml|feed\.json)$/.test(f)), [], 'the other formats are gone');
  assert.deepEqual(feedDirs(root), EXPECTED_DIRS);
  // The RSS files are the very bytes the three-format build wrote.
  for (const f of files.filter((x) => x.endsWith('feed.xml'))) assert.equal(hashTree(path.join(root, 'public')).get(f), all.get(f), f);
  const page = read(root, 'feeds', 'index.html');
  assert.doesNotMatch(page, /atom\.xml|feed\.json|application\/atom\+xml/);
  assert.equal([...page.matchAll(/>RSS<\/a>/g)].length, EXPECTED_DIRS.length + 1);

  // Atom alone: OPML subscribes to the Atom files, and leaves out RSS's version.
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('formats: [rss]', 'formats: [atom]'));
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  const opml = parseOpml(read(root, 'feeds.opml'));
  const outlines = (opml.body?.outlines ?? []).flatMap((o) => (o.outlines?.length ? o.outlines : [o]));
  assert.equal(outlines.length, EXPECTED_DIRS.length + 1);
  for (const o of outlines) {
    assert.match(o.xmlUrl ?? '', /\/atom\.xml$/);
    assert.equal(o.version, undefined);
    assert.equal(parseAtomFeed(read(root, ...new URL(o.xmlUrl ?? '').pathname.split('/').filter(Boolean).map(decodeURIComponent))).title?.value, o.text);
  }

  // JSON Feed alone: no XML feeds, so no stylesheet for them either.
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('formats: [atom]', 'formats: [json]'));
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  const jsonOnly = [...hashTree(path.join(root, 'public')).keys()];
  assert.deepEqual(jsonOnly.filter((f) => !f.endsWith('/feed.json') && f !== 'feed.json').sort(), ['feeds.opml', 'feeds/index.html']);
  // The JSON Feed files are the very bytes the three-format build wrote.
  const jsonTree = hashTree(path.join(root, 'public'));
  for (const f of jsonOnly.filter((x) => x.endsWith('feed.json'))) assert.equal(jsonTree.get(f), all.get(f), f);
  assert.ok((parseJsonFeed(read(root, 'tags', 'cpp', 'feed.json')).items?.length ?? 0) > 0);
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('formats: [json]', 'formats: [atom]'));
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);

  // Bad lists: exit 1 with the line, and the output stays.
  const before = hashTree(path.join(root, 'public'));
  for (const bad of ['formats: []', 'formats: [rss, rss]', 'formats: [rss, xml]']) {
    fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/formats: .*/, bad));
    const run = await cli(root, 'build', '--now', NOW);
    assert.equal(run.code, 1, bad);
    assert.match(run.stderr, /broadsheet\.yaml:\d+.*feeds\.formats/, bad);
  }
  assert.deepEqual(hashTree(path.join(root, 'public')), before);
});

test('--drafts and --future add their articles and terms; without them those terms get no feed', async () => {
  const root = corpus();
  assert.equal((await cli(root, 'build', '--now', NOW, '--drafts', '--future')).code, 0);
  const dirs = feedDirs(root);
  for (const d of ['tags/draft-only', 'topics/草稿话题', 'tags/future-only']) assert.ok(dirs.includes(d), d);
  assert.equal(dirs.includes('tags/expired-only'), false, 'expired articles stay out');
  assert.equal(parseRssFeed(read(root, 'feed.xml')).items?.length, 5);
  // Back to the defaults: the draft and future terms' folders are gone.
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  assert.deepEqual(feedDirs(root), EXPECTED_DIRS);
});

test('two builds give byte-identical output, whatever the clock says', async () => {
  const root = corpus();
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  const first = hashTree(path.join(root, 'public'));
  assert.equal((await cli(root, 'build', '--now', '2027-03-04T05:06:07+08:00')).code, 0);
  assert.deepEqual(hashTree(path.join(root, 'public')), first);
  assert.ok(first.size > 20);
});

test('bad content: exit 1, every problem with file:line, the previous output byte-identical', async () => {
  const root = corpus();
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  const before = hashTree(path.join(root, 'public'));
  fs.writeFileSync(path.join(root, 'content', 'broken-yaml.md'), '---\ntitle: "unclosed\ndate: 2025-01-01\n---\nbody\n');
  fs.writeFileSync(path.join(root, 'content', 'no-title.md'), '---\ndate: 2025-01-01\n---\nbody\n');
  fs.writeFileSync(path.join(root, 'content', 'escape.md'), '---\ntitle: x\ndate: 2025-01-01\nslug: ../../x\n---\nbody\n');
  const run = await cli(root, 'build', '--now', NOW);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /broken-yaml\.md:\d+/);
  assert.match(run.stderr, /no-title\.md:\d+.*title/);
  assert.match(run.stderr, /escape\.md:\d+/);
  assert.deepEqual(hashTree(path.join(root, 'public')), before);
  // .broadsheet-cache/ is the build cache, not a leftover.
  assert.deepEqual(fs.readdirSync(root).filter((n) => n !== '.broadsheet-cache').sort(), ['broadsheet.yaml', 'content', 'public'], 'no staging folder left behind');
});

test('bad flags exit 2 and write nothing', async () => {
  const root = corpus();
  const bogus = await cli(root, 'build', '--bogus');
  assert.equal(bogus.code, 2);
  assert.match(bogus.stderr, /bogus/);
  const badNow = await cli(root, 'build', '--now', 'last tuesday');
  assert.equal(badNow.code, 2);
  assert.match(badNow.stderr, /--now/);
  assert.equal(fs.existsSync(path.join(root, 'public')), false);
});

test('--content and --out override the config; things the build does not own survive; stale feeds disappear', async () => {
  const root = corpus();
  fs.renameSync(path.join(root, 'content'), path.join(root, 'articles'));
  const out = path.join(root, 'site');
  fs.mkdirSync(path.join(out, 'digests', '2025-06-16'), { recursive: true });
  fs.writeFileSync(path.join(out, 'digests', '2025-06-16', 'index.html'), '<p>edition</p>');
  fs.writeFileSync(path.join(out, 'robots.txt'), 'User-agent: *\n');
  fs.mkdirSync(path.join(out, 'tags', 'removed-tag'), { recursive: true });
  fs.writeFileSync(path.join(out, 'tags', 'removed-tag', 'feed.xml'), '<rss/>');
  const run = await cli(root, 'build', '--content', 'articles', '--out', 'site', '--now', NOW);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, / into site\/ /);
  assert.equal(fs.readFileSync(path.join(out, 'digests', '2025-06-16', 'index.html'), 'utf8'), '<p>edition</p>');
  assert.equal(fs.readFileSync(path.join(out, 'robots.txt'), 'utf8'), 'User-agent: *\n');
  assert.equal(fs.existsSync(path.join(out, 'tags', 'removed-tag')), false);
  assert.ok(fs.existsSync(path.join(out, 'tags', 'cpp', 'feed.xml')));
  assert.equal(fs.existsSync(path.join(root, 'public')), false);
});

test('an output folder that cannot be written: exit 1 with a hint, not a crash', async () => {
  const root = corpus();
  fs.writeFileSync(path.join(root, 'a-file'), '');
  const run = await cli(root, 'build', '--now', NOW, '--out', 'a-file/public');
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /Cannot write the output \(ENOTDIR\).*\[OutputWriteFailed\]/);
  assert.match(run.stderr, /hint: /);
});
