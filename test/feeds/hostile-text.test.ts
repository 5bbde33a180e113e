import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAtomFeed, parseJsonFeed, parseOpml, parseRssFeed } from 'feedsmith';
import { DomUtils, parseDocument } from 'htmlparser2';
import { runCli } from '../helpers/cli-child.js';
import { assertWellFormed } from './feed-rules.js';

// Plain text that looks like markup, written where writers write text: front matter
// summaries and titles, topic and tag names, author names, the site's title and
// description. Each must read back as the same characters in every reader, and in
// every field a format declares HTML it must be text, never an element.

const SITE_TITLE = 'Site <b>S</b> & Co';
const SITE_DESCRIPTION = '<script>alert(1)</script> &amp; <i>desc</i>';
const TOPIC = 'ai';
const TOPIC_TITLE = '<i>AI</i> & ML';
const TAG = '<img src=x onerror=alert(1)>';
const AUTHOR = '<b>Ann</b> & "Bo"';

interface Case {
  file: string;
  /** Front matter lines after title and date. */
  extra: string;
  body: string;
  title: string;
  /** What the summary must read as, in every reader. */
  summary: string;
}

const CASES: Case[] = [
  {
    file: 'img.md',
    extra: `summary: "Compare <img src=x onerror=alert(1)> and <b>bold</b>"\nmain_topics: [${TOPIC}]\ntags: ["${TAG}"]\nauthor: '${AUTHOR}'`,
    body: 'Body.',
    title: 'Title <b>bold</b> & <script>x</script>',
    summary: 'Compare <img src=x onerror=alert(1)> and <b>bold</b>',
  },
  {
    // Markdown decodes the references: the reader must see the characters, not a tag.
    file: 'entities.md',
    extra: `summary: "&lt;script&gt;alert(1)&lt;/script&gt; is how it is written"\nmain_topics: [${TOPIC}]`,
    body: 'Body.',
    title: '&lt;b&gt; stays as typed',
    summary: '<script>alert(1)</script> is how it is written',
  },
  {
    file: 'cdata.md',
    extra: `summary: 'Ends with ]]> and "quotes" & ''apostrophes'', AT&T and &amp;amp;'`,
    body: 'Body.',
    title: 'Data ]]> <![CDATA[ end',
    summary: `Ends with ]]> and "quotes" & 'apostrophes', AT&T and &amp;`,
  },
  {
    // No summary: the excerpt of a body that mentions tags in inline code.
    file: 'excerpt.md',
    extra: `tags: ["${TAG}"]`,
    body: 'Use `<script>` and `<img src=x onerror=alert(1)>` in text.',
    title: 'Inline code',
    summary: 'Use <script> and <img src=x onerror=alert(1)> in text.',
  },
  {
    file: 'comment.md',
    extra: `summary: '<!-- hidden --> and <a href="javascript:alert(1)">link</a>'`,
    body: 'Body.',
    title: "It's <3 & 2 < 3",
    summary: '<!-- hidden --> and <a href="javascript:alert(1)">link</a>',
  },
];

function yamlString(s: string): string {
  return JSON.stringify(s);
}

function writeSite(dir: string): void {
  fs.mkdirSync(path.join(dir, 'content'));
  fs.writeFileSync(
    path.join(dir, 'broadsheet.yaml'),
    [
      'site:',
      `  title: ${yamlString(SITE_TITLE)}`,
      '  url: https://news.example.org/',
      `  description: ${yamlString(SITE_DESCRIPTION)}`,
      '  timezone: UTC',
      '  permalink: /posts/:slug/',
      'topics:',
      '  names:',
      `    ${TOPIC}: ${yamlString(TOPIC_TITLE)}`,
      '',
    ].join('\n'),
  );
  CASES.forEach((c, i) => {
    const text = `---\ntitle: ${yamlString(c.title)}\ndate: 2026-03-0${i + 1}T10:00:00Z\n${c.extra}\n---\n${c.body}\n`;
    fs.writeFileSync(path.join(dir, 'content', c.file), text);
  });
}

interface HtmlReading {
  /** Element names an HTML parser found. */
  elements: string[];
  comments: number;
  text: string;
}

/** How a reader that treats the field as HTML sees it (htmlparser2, as many readers' sanitisers use). */
function asHtml(html: string): HtmlReading {
  const doc = parseDocument(html);
  const elements = DomUtils.findAll(() => true, doc.children).map((e) => e.name);
  let comments = 0;
  const count = (nodes: ReturnType<typeof parseDocument>['children']): void => {
    for (const n of nodes) {
      if (n.type === 'comment') comments++;
      if ('children' in n) count(n.children);
    }
  };
  count(doc.children);
  return { elements, comments, text: DomUtils.textContent(doc) };
}

/** The field is text to an HTML reader: no element, no comment, exactly `expected`. */
function assertHtmlText(html: string | undefined, expected: string, what: string): void {
  const r = asHtml(html ?? '');
  assert.deepEqual(r.elements, [], `${what}: no element in ${JSON.stringify(html)}`);
  assert.equal(r.comments, 0, `${what}: no comment`);
  assert.equal(r.text, expected, what);
}

/** An Atom text construct as feedsmith gives it. */
function textOf(x: unknown): { type: string; value: string } {
  const t = x as { type?: string; value?: string } | string | undefined;
  return typeof t === 'string' ? { type: 'text', value: t } : { type: t?.type ?? 'text', value: t?.value ?? '' };
}

const byTitle = new Map(CASES.map((c) => [c.title, c]));

test('markup-like text stays text in RSS, Atom, JSON Feed, OPML and the feeds page, through `broadsheet build`', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-hostile-text-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  writeSite(dir);
  const run = await runCli(dir, ['build', '--now', '2026-06-01T00:00:00Z']);
  assert.equal(run.code, 0, run.stderr);
  const pub = (...p: string[]): string => fs.readFileSync(path.join(dir, 'public', ...p), 'utf8');

  // RSS: `description` is HTML to readers (RSS Best Practices Profile §3.1); the other
  // elements are plain text and read back as written.
  const rssText = pub('feed.xml');
  assertWellFormed(rssText, 'feed.xml');
  const rss = parseRssFeed(rssText);
  assert.equal(rss.title, SITE_TITLE);
  assert.equal(rss.description, SITE_DESCRIPTION);
  assert.equal(rss.items?.length, CASES.length);
  for (const item of rss.items ?? []) {
    const c = byTitle.get(item.title ?? '');
    assert.ok(c, `an item titled exactly as written: ${item.title}`);
    assertHtmlText(item.description, c.summary, `RSS description of ${c.file}`);
    // The full HTML is sanitised HTML: the inline code is text inside <code>.
    const content = asHtml(item.content?.encoded ?? '');
    assert.ok(!content.elements.includes('script') && !content.elements.includes('img'), `content:encoded of ${c.file}`);
  }
  const img = rss.items?.find((i) => i.title === CASES[0]?.title);
  assert.deepEqual(img?.categories?.map((x) => x.name).sort(), [TAG, TOPIC_TITLE].sort());
  assert.deepEqual(img?.dc?.creators, [AUTHOR]);

  // Atom: title, summary and subtitle declare type="text" and read back as written.
  const atomText = pub('atom.xml');
  assertWellFormed(atomText, 'atom.xml');
  const atom = parseAtomFeed(atomText);
  assert.deepEqual(atom.title, { type: 'text', value: SITE_TITLE });
  assert.deepEqual(atom.subtitle, { type: 'text', value: SITE_DESCRIPTION });
  for (const e of atom.entries ?? []) {
    const title = textOf(e.title);
    const c = byTitle.get(title.value);
    assert.ok(c, `an entry titled exactly as written: ${title.value}`);
    assert.equal(title.type, 'text');
    assert.deepEqual(e.summary, { type: 'text', value: c.summary });
    assert.equal(textOf(e.content).type, 'html');
  }

  // JSON Feed 1.1: title and summary are plain text; content_html is sanitised HTML.
  const json = parseJsonFeed(pub('feed.json'));
  assert.equal(json.title, SITE_TITLE);
  assert.equal(json.description, SITE_DESCRIPTION);
  for (const item of json.items ?? []) {
    const c = byTitle.get(item.title ?? '');
    assert.ok(c, `a JSON item titled exactly as written: ${item.title}`);
    assert.equal(item.summary, c.summary);
    const content = asHtml(item.content_html ?? '');
    assert.ok(!content.elements.includes('script') && !content.elements.includes('img'));
  }
  assert.deepEqual(json.items?.find((i) => i.title === CASES[0]?.title)?.authors?.map((a) => a.name), [AUTHOR]);

  // The topic's and the tag's feeds carry the names as plain text too.
  const opml = parseOpml(pub('feeds.opml'));
  const outlines = (opml.body?.outlines ?? []).flatMap((o) => (o.outlines?.length ? o.outlines : [o]));
  const topicFeed = outlines.find((o) => o.xmlUrl?.includes('/topics/'));
  const tagFeed = outlines.find((o) => o.xmlUrl?.includes('/tags/'));
  assert.ok(topicFeed?.xmlUrl && tagFeed?.xmlUrl);
  const local = (url: string): string => fs.readFileSync(path.join(dir, 'public', new URL(url).pathname), 'utf8');
  assert.equal(parseRssFeed(local(topicFeed.xmlUrl)).title, `${SITE_TITLE} · ${TOPIC_TITLE}`);
  assert.equal(parseRssFeed(local(tagFeed.xmlUrl)).title, `${SITE_TITLE} · ${TAG}`);

  // OPML 2.0: text attributes "can contain encoded HTML markup", and readers show the
  // title in the same place: both are text to an HTML reader.
  for (const o of outlines) {
    const expected = o.xmlUrl === topicFeed.xmlUrl ? `${SITE_TITLE} · ${TOPIC_TITLE}` : o.xmlUrl === tagFeed.xmlUrl ? `${SITE_TITLE} · ${TAG}` : SITE_TITLE;
    assertHtmlText(o.text, expected, `OPML text of ${o.xmlUrl}`);
    assertHtmlText(o.title, expected, `OPML title of ${o.xmlUrl}`);
  }

  // The feeds page: the page's own elements only, every name and summary as text.
  const page = asHtml(pub('feeds', 'index.html'));
  for (const tag of ['b', 'i', 'img', 'script']) assert.ok(!page.elements.includes(tag), `no <${tag}> on the feeds page`);
  for (const s of [SITE_TITLE, SITE_DESCRIPTION, TOPIC_TITLE, TAG, ...CASES.map((c) => c.title), ...CASES.map((c) => c.summary)]) {
    assert.ok(page.text.includes(s), `the feeds page shows ${JSON.stringify(s)}`);
  }
});
