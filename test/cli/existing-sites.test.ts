import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJsonFeed, parseRssFeed } from 'feedsmith';
import { packageRoot } from '../../src/paths.js';

/**
 * Content folders as Jekyll, Eleventy, Hugo and Astro users have them (fixtures under
 * test/fixtures/sites, written for these tests in each generator's shape), built by the
 * real CLI in a child process without editing a file: every dated post in the feeds with
 * the date its generator gives it, pages and unlisted files left out and named.
 */

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/bin.js');
const SITES = path.join(packageRoot, 'test', 'fixtures', 'sites');
const NOW = '2026-01-01T00:00:00Z';

const readJson = (file: string) => parseJsonFeed(fs.readFileSync(file, 'utf8'));
const readRss = (file: string) => parseRssFeed(fs.readFileSync(file, 'utf8'));
type JsonFeed = ReturnType<typeof readJson>;

interface Built {
  root: string;
  code: number;
  stdout: string;
  stderr: string;
  /** The parsed JSON Feed at a path under public/. */
  json(rel?: string): JsonFeed;
  /** The parsed RSS feed at a path under public/. */
  rss(rel: string): ReturnType<typeof readRss>;
}

function run(root: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...argv], { cwd: root, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: stdout.trimEnd(), stderr: stderr.trimEnd() });
    });
  });
}

/** Every file under `dir` with its sha256, to show the build edited none. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (abs: string): void => {
    for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
      const p = path.join(abs, e.name);
      if (e.isDirectory()) visit(p);
      else out.set(path.relative(dir, p), createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  visit(dir);
  return out;
}

/** Builds the fixture site `name` with a config (in a temporary folder) whose `content` part is `content`. */
async function buildSite(t: { after(fn: () => void): void }, name: string, site: string, content: string): Promise<Built> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `broadsheet-${name}-`));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.writeFileSync(path.join(root, 'broadsheet.yaml'), `site:\n${site}\n${content}\n`);
  const before = snapshot(path.join(SITES, name));
  const r = await run(root, 'build', '--now', NOW);
  assert.deepEqual(snapshot(path.join(SITES, name)), before, 'the build edited no file of the site');
  return {
    root,
    ...r,
    json: (rel = 'feed.json') => readJson(path.join(root, 'public', rel)),
    rss: (rel) => readRss(path.join(root, 'public', rel)),
  };
}

/** Items of a JSON Feed as `url-path → [date_published as UTC, tags, image]`. */
function items(feed: JsonFeed, base: string): Record<string, [string, string[], string | undefined]> {
  const out: Record<string, [string, string[], string | undefined]> = {};
  for (const item of feed.items ?? []) {
    out[(item.url ?? '').replace(base, '/')] = [new Date(item.date_published ?? '').toISOString(), item.tags ?? [], item.image];
  }
  return out;
}

test('Jekyll: _posts dated by file name and by Ruby-style dates; pages and published: false left out', async (t) => {
  const b = await buildSite(t, 'jekyll', '  title: Jekyll\n  url: https://jekyll.example.org/\n  timezone: America/New_York', `content: ${JSON.stringify(path.join(SITES, 'jekyll'))}`);
  assert.equal(b.code, 0, b.stderr);
  assert.deepEqual(items(b.json(), 'https://jekyll.example.org/'), {
    // `2025-01-29 18:15:32 +0530`: the offset as written.
    '/meetup-in-pune/': ['2025-01-29T12:45:32.000Z', ['community', 'meetup'], 'https://jekyll.example.org/assets/img/meetup.png'],
    // Unreadable front matter date: the file name's, at midnight in the site's zone.
    '/an-odd-date/': ['2016-10-06T04:00:00.000Z', ['meta'], undefined],
    // Date only in the file name, as Jekyll intends.
    '/jekyll-turns-2-0-0/': ['2014-05-06T04:00:00.000Z', ['release'], undefined],
    // YAML 1.1: `2013-5-6 9:00:00 -4`.
    '/yaml-one-one/': ['2013-05-06T13:00:00.000Z', ['release'], undefined],
  });
  const meetup = b.json().items?.find((i) => i.title === 'Meetup in Pune');
  assert.equal(meetup?.summary, 'Forty people, one projector and a lot of Liquid.', 'excerpt is the summary');
  assert.deepEqual(meetup?.authors?.map((a) => a.name), ['Asha Rao']);
  // `category: community` is a topic: it has a feed of its own.
  assert.deepEqual(b.rss('topics/community/feed.xml').items?.map((i) => i.title), ['Meetup in Pune']);
  assert.match(b.stdout, /^Built /);
  assert.match(b.stdout, /^Left out 3 pages without a date: _drafts\/a-draft-idea\.md, about\.md, index\.md$/m);
  assert.match(b.stdout, /^Left out 1 file their generator keeps out of lists: _posts\/2015-02-21-not-yet\.md \(published: false\)$/m);
  // The unreadable date is a warning naming the file and line, not a stop.
  assert.match(b.stderr, /^warning: .*_posts\/2016-10-06-an-odd-date\.md:3 .*"the sixth of October" cannot be read as a date; the file name's date, 2016-10-06, is used instead.*\[DateFromFileName\]$/m);
  // A second run is up to date and says the same.
  const again = await run(b.root, 'build', '--now', NOW);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /^Up to date: .*\nLeft out 3 pages without a date: .*\nLeft out 1 file their generator keeps out of lists: /);
  assert.match(again.stderr, /\[DateFromFileName\]/);
  // Another date order in the config: the cached articles are read again, by the new order.
  const config = path.join(b.root, 'broadsheet.yaml');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace(/^content: (.*)$/m, 'content:\n  dir: $1\n  date: [":filename", date]'));
  const byName = await run(b.root, 'build', '--now', NOW);
  assert.equal(byName.code, 0, byName.stderr);
  assert.equal(byName.stderr, '', 'the file name comes first now: no unreadable date is looked at');
  assert.deepEqual(items(b.json(), 'https://jekyll.example.org/')['/meetup-in-pune/']?.[0], '2025-01-29T05:00:00.000Z');
});

test('Eleventy: a base blog with pages, ---js front matter, a single-string tag and a file-name date', async (t) => {
  const b = await buildSite(t, 'eleventy', '  title: Eleventy\n  url: https://blog.example.org/\n  timezone: UTC', `content: ${JSON.stringify(path.join(SITES, 'eleventy', 'content'))}`);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(b.stderr, '');
  assert.deepEqual(items(b.json(), 'https://blog.example.org/'), {
    '/fourthpost/': ['2018-09-30T00:00:00.000Z', [], undefined],
    // Read from `---js` without running it.
    '/thirdpost/': ['2018-08-24T00:00:00.000Z', ['second tag', 'posts with two tags'], 'https://blog.example.org/img/third.png'],
    // `tags: number 2` is one tag.
    '/secondpost/': ['2018-07-04T00:00:00.000Z', ['number 2'], undefined],
    '/firstpost/': ['2018-05-01T00:00:00.000Z', ['another tag'], undefined],
  });
  const third = b.json().items?.find((i) => i.title === 'This is my third post.');
  assert.equal(third?.summary, 'A post whose front matter is JavaScript.');
  assert.deepEqual(third?.authors, [{ name: 'Zach', url: 'https://example.org/zach' }]);
  assert.match(b.stdout, /^Left out 2 pages without a date: 404\.md, about\.md$/m);
  assert.match(b.stdout, /^Left out 1 file their generator keeps out of lists: sitemap\.md \(eleventyExcludeFromCollections: true\)$/m);
});

test('Hugo: sections, _index.md, bundles, headless and unlisted pages, TOML dates, images[0] and cover', async (t) => {
  const b = await buildSite(t, 'hugo', '  title: Hugo\n  url: https://hugo.example.org/\n  timezone: Europe/Berlin', `content: ${JSON.stringify(path.join(SITES, 'hugo', 'content'))}`);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(b.stderr, '');
  assert.deepEqual(items(b.json(), 'https://hugo.example.org/'), {
    // Hugo's :filename date, midnight in Berlin (summer time).
    '/from-filename/': ['2023-05-31T22:00:00.000Z', [], undefined],
    // PaperMod's `cover.image`, next to the bundle's index.md.
    '/bundle/': ['2023-05-01T22:00:00.000Z', ['bundles'], 'https://hugo.example.org/bundle/cover.jpg'],
    // A TOML local datetime is a wall time in the site's zone; `categories = "Notes"` is one topic.
    '/local-time/': ['2023-04-01T07:30:00.000Z', ['Notes'], undefined],
    // A TOML offset datetime is exact; `images[0]` is the lead image.
    '/first-post/': ['2023-03-15T17:00:00.000Z', ['Release', 'go', 'templates'], 'https://hugo.example.org/images/first.png'],
  });
  const local = b.json().items?.find((i) => i.title === 'A TOML local datetime');
  assert.equal(new Date(local?.date_modified ?? '').toISOString(), '2023-04-01T22:00:00.000Z', 'lastmod, a TOML local date');
  // _index.md section pages are list pages, not content: neither read nor named.
  assert.match(b.stdout, /^Left out 3 pages without a date: about\.md, docs\/configure\.md, docs\/install\.md$/m);
  assert.match(
    b.stdout,
    /^Left out 3 files their generator keeps out of lists: headless\/index\.md \(headless: true\), posts\/hidden-from-lists\.md \(build\.list: never\), posts\/legacy\.md \(_build\.list: false\)$/m,
  );
  assert.ok(!b.stdout.includes('_index.md'), b.stdout);
  // The draft is a draft: in no feed.
  assert.ok(!fs.readFileSync(path.join(b.root, 'public', 'feed.json'), 'utf8').includes('Work in progress'));
});

test('Astro: src/content/blog with pubDate, updatedDate and heroImage; content.include names the articles', async (t) => {
  const astro = path.join(SITES, 'astro');
  const content = `content:\n  dir: ${JSON.stringify(path.join(astro, 'src'))}\n  include: [content/blog]`;
  const b = await buildSite(t, 'astro', '  title: Astro\n  url: https://astro.example.org/\n  timezone: America/Los_Angeles\n  permalink: /blog/:slug/', content);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(b.stderr, '');
  assert.deepEqual(items(b.json(), 'https://astro.example.org/'), {
    // `June 19, 2024` and `Jul 08 2022` in the site's time zone (daylight time, UTC-7).
    '/blog/markdown-style-guide/': ['2024-06-19T07:00:00.000Z', [], 'https://astro.example.org/assets/blog-placeholder-1.jpg'],
    '/blog/second-post/': ['2022-07-15T07:00:00.000Z', [], 'https://astro.example.org/blog-placeholder-4.jpg'],
    '/blog/first-post/': ['2022-07-08T07:00:00.000Z', [], 'https://astro.example.org/blog-placeholder-3.jpg'],
  });
  const guide = b.json().items?.find((i) => i.title === 'Markdown Style Guide');
  assert.equal(new Date(guide?.date_modified ?? '').toISOString(), '2024-07-08T07:00:00.000Z', 'updatedDate');
  assert.equal(guide?.summary, 'Here is a sample of some basic Markdown syntax.');
  // Outside content.include, src/pages/about.md is not content at all.
  assert.ok(!b.stdout.includes('Left out'), b.stdout);
});

test('a folder content.include names as articles still needs a date; changing include rebuilds', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-include-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.cpSync(path.join(SITES, 'astro'), path.join(root, 'site'), { recursive: true });
  const config = (include: string): void =>
    fs.writeFileSync(path.join(root, 'broadsheet.yaml'), `site:\n  title: A\n  url: https://astro.example.org/\n  timezone: UTC\ncontent:\n  dir: site/src\n  include: [${include}]\n`);
  config('content/blog');
  fs.writeFileSync(path.join(root, 'site/src/content/blog/no-date.md'), '---\ntitle: Forgot the date\n---\nBody\n');
  const failed = await run(root, 'build', '--now', NOW);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /site\/src\/content\/blog\/no-date\.md:1 +date is required \(date\) \[FrontMatterMissingField\]/);
  assert.match(failed.stderr, /content\.include in the config says this file is an article/);
  assert.equal(fs.existsSync(path.join(root, 'public')), false, 'a failed build writes nothing');

  // Without include the same file is a page, named in the summary.
  config('');
  const open = await run(root, 'build', '--now', NOW);
  assert.equal(open.code, 0, open.stderr);
  assert.match(open.stdout, /^Left out 2 pages without a date: content\/blog\/no-date\.md, pages\/about\.md$/m);
  assert.equal(readJson(path.join(root, 'public/feed.json')).items?.length, 3);

  // The cache follows the config: an exclude takes an article out at once.
  fs.appendFileSync(path.join(root, 'broadsheet.yaml'), '  exclude: ["content/blog/second-*"]\n');
  const fewer = await run(root, 'build', '--now', NOW);
  assert.equal(fewer.code, 0, fewer.stderr);
  assert.match(fewer.stdout, /^Built .* from 2 published articles/);
  assert.deepEqual(
    readJson(path.join(root, 'public/feed.json')).items?.map((i) => i.title),
    ['Markdown Style Guide', 'First post'],
  );
});

test('a large site: pages, unlisted files and warnings survive helper threads and the build cache', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-large-site-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.writeFileSync(path.join(root, 'broadsheet.yaml'), 'site:\n  title: Big\n  url: https://big.example.org/\n  timezone: UTC\ncontent: site\n');
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, 'site', rel)), { recursive: true });
    fs.writeFileSync(path.join(root, 'site', rel), text);
  };
  // Enough files for the build to parse on helper threads too.
  for (let i = 0; i < 330; i++) {
    const day = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
    write(`_posts/${day}-post-${i}.md`, `---\ntitle: Post ${i}\n${i === 7 ? 'date: not a date\n' : ''}tags: [t${i % 5}]\n---\nBody ${i}.\n`);
  }
  for (let i = 0; i < 25; i++) write(`pages/page-${String(i).padStart(2, '0')}.md`, `---\ntitle: Page ${i}\n---\nA page.\n`);
  for (let i = 0; i < 3; i++) write(`hidden/h-${i}.md`, `---\ntitle: H\ndate: 2021-01-01\npublished: false\n---\n`);
  const check = (r: { code: number; stdout: string; stderr: string }): void => {
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /from 330 published articles/);
    assert.match(r.stdout, /^Left out 25 pages without a date: pages\/page-00\.md, .*, pages\/page-09\.md and 15 more$/m);
    assert.match(r.stdout, /^Left out 3 files their generator keeps out of lists: hidden\/h-0\.md \(published: false\), /m);
    assert.match(r.stderr, /_posts\/2020-01-08-post-7\.md:3 .*\[DateFromFileName\]/);
  };
  check(await run(root, 'build', '--now', NOW));
  // One file changed: a build with a warm cache, which still knows every page and warning.
  fs.appendFileSync(path.join(root, 'site/_posts/2020-01-01-post-0.md'), 'More.\n');
  check(await run(root, 'build', '--now', NOW));
  const feed = readJson(path.join(root, 'public/feed.json'));
  assert.equal(feed.items?.length, 20);
  assert.equal(new Date(feed.items?.[0]?.date_published ?? '').toISOString(), '2020-11-25T00:00:00.000Z');
});
