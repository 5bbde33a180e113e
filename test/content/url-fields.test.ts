import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import { runCli } from '../helpers/cli-child.js';

// Every URL written in front matter or the config gets the same check: an http(s) URL
// or a path on the site, made absolute; anything else is a content problem (exit 1)
// naming file, line and field, reported together with every other problem.

const CONFIG = (extra = '', site = ''): string =>
  ['site:', '  title: URLs', '  url: https://news.example.org/blog/', '  timezone: UTC', '  permalink: /posts/:slug/', site, extra].filter(Boolean).join('\n') + '\n';

function project(files: Record<string, string>, config = CONFIG()): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-url-fields-'));
  fs.mkdirSync(path.join(dir, 'content'));
  fs.writeFileSync(path.join(dir, 'broadsheet.yaml'), config);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'content', name), text);
  return dir;
}

const article = (field: string, i: number): string => `---\ntitle: Article ${i}\ndate: 2026-01-${String(i + 1).padStart(2, '0')}\n${field}\n---\nBody.\n`;

// Written as YAML (or JSON) so the value that arrives is exactly the hostile one.
const BAD_IMAGES: Array<[string, string]> = [
  ['javascript', 'image: "javascript:alert(1)"'],
  ['upper', 'image: "JaVaScRiPt:alert(1)"'],
  ['data', 'image: "data:text/html,<script>alert(1)</script>"'],
  ['data-image', 'image: "data:image/svg+xml,<svg onload=alert(1)>"'],
  ['vbscript', 'image: "vbscript:msgbox(1)"'],
  ['file', 'image: "file:///etc/passwd"'],
  ['protocol-relative', 'image: "//evil.example/x.png"'],
  ['backslashes', 'image: "\\\\\\\\evil.example/x.png"'],
  ['tab', 'image: "java\\tscript:alert(1)"'],
  ['newline', 'image: "java\\nscript:alert(1)"'],
  ['nul-byte', 'image: "java\\0script:alert(1)"'],
  ['leading-control', 'image: "\\x01javascript:alert(1)"'],
  ['half-slashes', 'image: "https:/\\\\evil.example/x.png"'],
];

test('build: every bad URL field is reported at once, with file, line and field, and nothing is written', async (t) => {
  const files: Record<string, string> = {};
  BAD_IMAGES.forEach(([name, field], i) => (files[`${name}.md`] = article(field, i)));
  files['author.md'] = article('author:\n  name: A\n  url: "javascript:alert(document.domain)"', 20);
  files['authors.md'] = article('authors:\n  - B\n  - name: C\n    url: "data:text/html,x"', 21);
  files['json.md'] = `{"title": "J", "date": "2026-02-01", "image": "java\\u0009script:alert(1)"}\nBody.\n`;
  // An unrelated problem in another file is reported in the same run.
  files['bad-date.md'] = '---\ntitle: Bad date\ndate: 2026-02-30\n---\nBody.\n';
  files['fine.md'] = article('image: images/ok.png', 25);
  const dir = project(files);
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = await runCli(dir, ['build']);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const n = BAD_IMAGES.length + 4;
  assert.match(run.stderr, new RegExp(`^${n} problems found:`, 'm'));
  for (const [name] of BAD_IMAGES) {
    // The image field is line 4 of each article.
    assert.match(run.stderr, new RegExp(`content/${name}\\.md:4  image: .* \\[FrontMatterInvalid\\]`), name);
  }
  assert.match(run.stderr, /content\/author\.md:4 {2}author\.url: uses the "javascript:" scheme/);
  assert.match(run.stderr, /content\/authors\.md:4 {2}authors\[1\]\.url: uses the "data:" scheme/);
  assert.match(run.stderr, /content\/json\.md:1 {2}image: contains a control character, tab or line break/);
  assert.match(run.stderr, /content\/bad-date\.md:3 .*not a date/);
  assert.match(run.stderr, /hint: Use an absolute https:\/\/ URL, or a path on the site/);
  assert.doesNotMatch(run.stderr, /fine\.md/);
  assert.ok(!fs.existsSync(path.join(dir, 'public')), 'a failed build writes nothing');
});

test('build: paths and http(s) URLs in front matter and config come out absolute in every feed', async (t) => {
  const dir = project(
    {
      'rel.md': article('image: images/lead.png\nauthor:\n  name: Ann\n  url: /about/ann/', 0),
      'root.md': article('image: /media/root.png\nauthor: {name: Bo, url: "https://bo.example"}', 1),
      'abs.md': article('image: "https://cdn.example.com/x.png"', 2),
    },
    CONFIG('', '  image: logo.png\n  author:\n    name: Desk\n    url: people/desk/'),
  );
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = await runCli(dir, ['build', '--now', '2026-06-01T00:00:00Z']);
  assert.equal(run.code, 0, run.stderr);
  const pub = (f: string): string => fs.readFileSync(path.join(dir, 'public', f), 'utf8');

  const json = parseJsonFeed(pub('feed.json'));
  const items = new Map((json.items ?? []).map((i) => [i.title, i]));
  assert.equal(items.get('Article 0')?.image, 'https://news.example.org/blog/posts/rel/images/lead.png');
  assert.equal(items.get('Article 1')?.image, 'https://news.example.org/media/root.png');
  assert.equal(items.get('Article 2')?.image, 'https://cdn.example.com/x.png');
  // A path that starts with `/` is from the host's root, as in a link on the site.
  assert.deepEqual(items.get('Article 0')?.authors, [{ name: 'Ann', url: 'https://news.example.org/about/ann/' }]);
  assert.deepEqual(items.get('Article 1')?.authors, [{ name: 'Bo', url: 'https://bo.example/' }]);
  // site.image and site.author.url, relative in the config, against site.url.
  assert.equal(json.icon, 'https://news.example.org/blog/logo.png');
  assert.deepEqual(json.authors, [{ name: 'Desk', url: 'https://news.example.org/blog/people/desk/' }]);

  const rss = parseRssFeed(pub('feed.xml'));
  assert.equal(rss.image?.url, 'https://news.example.org/blog/logo.png');
  const media = (rss.items ?? []).map((i) => i.media?.contents?.[0]?.url).sort();
  assert.deepEqual(media, ['https://cdn.example.com/x.png', 'https://news.example.org/blog/posts/rel/images/lead.png', 'https://news.example.org/media/root.png']);
  const atom = parseAtomFeed(pub('atom.xml'));
  assert.equal(atom.logo, 'https://news.example.org/blog/logo.png');
  const ann = (atom.entries ?? []).find((e) => JSON.stringify(e.title).includes('Article 0'));
  assert.equal(ann?.authors?.[0]?.uri, 'https://news.example.org/about/ann/');
});

test('config: URL fields get the same check, every problem with its line', async (t) => {
  const config = [
    'site:',
    '  title: URLs',
    '  url: "javascript://news.example.org/%0aalert(1)"',
    '  image: "data:image/png;base64,AAAA"',
    '  author:',
    '    name: Desk',
    '    url: "//evil.example/"',
    'newsletter:',
    '  service_url: "https:/\\\\evil.example/"',
    '',
  ].join('\n');
  const dir = project({ 'a.md': article('', 0) }, config);
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = await runCli(dir, ['build']);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stderr, /^4 problems found:/m);
  assert.match(run.stderr, /broadsheet\.yaml:3 {2}site\.url: uses the "javascript:" scheme/);
  assert.match(run.stderr, /broadsheet\.yaml:4 {2}site\.image: uses the "data:" scheme/);
  assert.match(run.stderr, /broadsheet\.yaml:7 {2}site\.author\.url: starts with "\/\/"/);
  assert.match(run.stderr, /broadsheet\.yaml:9 {2}newsletter\.service_url: is not a complete https:\/\/ URL/);
});
