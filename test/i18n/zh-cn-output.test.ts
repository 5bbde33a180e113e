import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseOpml, parseRssFeed } from 'feedsmith';
import { configFromObject, loadConfig } from '../../src/config/load.js';
import { renderArchiveFeed } from '../../src/digest/archive-feed.js';
import { renderArchivePage } from '../../src/digest/archive-page.js';
import { en } from '../../src/i18n/catalogue-en.js';
import { zhCN } from '../../src/i18n/catalogue-zh-cn.js';
import { NOW, writeCorpus, FILES } from '../build/seed-corpus.js';
import { cli } from '../build/run.js';
import { form, formSession, harness, lastLinkToken, post, signUp } from '../server/fixture.js';

/**
 * A zh-CN publication must show no English UI text anywhere a reader looks. Each
 * English catalogue text is cut at its placeholders; every piece with a Latin word in
 * it must appear nowhere in the output (case-sensitive, whole words), and neither may
 * a list of phrases earlier versions printed. The corpus's own English articles are
 * content, not UI: none of these phrases occurs in them.
 */
const FROM_CATALOGUE = [
  ...new Set(
    Object.values(en)
      .flatMap((text) => text.split(/\{\w+\}/))
      .map((piece) => piece.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, ''))
      // Proper names stay as they are in every language.
      .map((piece) => piece.replace(/\b(?:NetNewsWire|Feedly|Inoreader|Thunderbird|Miniflux|RSS|Atom|JSON Feed)\b/g, ''))
      .filter((piece) => /[A-Za-z]{2,}/.test(piece) && piece.trim().length > 0),
  ),
];

const KNOWN_ENGLISH = [
  'Feeds',
  'These are web feeds',
  'This is a web feed',
  'This is an RSS feed',
  'This is an Atom feed',
  'Latest articles',
  'Topics',
  'Tags',
  'Site',
  'Other',
  'Footnotes',
  'Back to reference',
  'articles on the topic',
  'articles tagged',
  'Hello',
  'Hi',
  'View in browser',
  'Unsubscribe',
  'Subscribe',
  'Choose topics',
  'Web version',
  'newsletter archive',
  'new article',
  'Your browser showed this page',
  'Browsers are dropping XSLT',
  // English month names: dates must be written the Chinese way.
  'Jan',
  'Jun',
  'June',
  'Dec',
  'December',
];

function assertNoEnglish(where: string, text: string): void {
  for (const phrase of [...FROM_CATALOGUE, ...KNOWN_ENGLISH]) {
    const pattern = new RegExp(`(?<![A-Za-z])${phrase.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`);
    const m = pattern.exec(text);
    assert.equal(m, null, `${where} shows English UI text "${phrase}": …${m ? text.slice(Math.max(0, m.index - 60), m.index + 60) : ''}…`);
  }
}

/** Every file below `dir`, `/`-separated. */
function filesBelow(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

// An article without a topic, so the digest has its "other" section.
const CORPUS = {
  ...FILES,
  'no-topic.md': '---\ntitle: 没有主题的短讯\ndate: 2025-06-15T10:00:00+08:00\n---\n\n一条短讯[^n]。\n\n[^n]: 注释。\n',
};

test('the catalogue check itself catches English: it would fail on an English build', async (t) => {
  const root = writeCorpus(CORPUS);
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.writeFileSync(path.join(root, 'broadsheet.yaml'), fs.readFileSync(path.join(root, 'broadsheet.yaml'), 'utf8').replace('language: zh-CN', 'language: en'));
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  const page = fs.readFileSync(path.join(root, 'public', 'feeds', 'index.html'), 'utf8');
  assert.throws(() => assertNoEnglish('feeds page', page), /English UI text/);
  assert.ok(FROM_CATALOGUE.length > 80, `only ${FROM_CATALOGUE.length} phrases taken from the catalogue`);
});

test('a zh-CN build shows no English UI text: feeds page, browser view, every feed, OPML, footnotes', async (t) => {
  const root = writeCorpus(CORPUS);
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const run = await cli(root, 'build', '--now', NOW);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '', 'zh-CN has a catalogue: no language warning');
  const out = path.join(root, 'public');
  const files = filesBelow(out);
  assert.ok(files.includes('feed.css') && files.includes('feeds.opml') && files.includes('feeds/index.html'));
  // RSS dates are RFC 822, English by definition: the only English a feed may carry.
  for (const file of files) assertNoEnglish(file, fs.readFileSync(path.join(out, file), 'utf8').replace(/<(pubDate|lastBuildDate)>[^<]*</g, '<$1><'));

  // What the checks above looked at is really there, in Chinese.
  const read = (f: string): string => fs.readFileSync(path.join(out, f), 'utf8');
  const topic = parseRssFeed(read('topics/人工智能战略投资/feed.xml'));
  assert.equal(topic.title, '纸上谈兵 · 人工智能战略投资');
  assert.equal(topic.description, '“纸上谈兵”中主题为“人工智能战略投资”的文章。');
  assert.equal(parseRssFeed(read('tags/cpp/feed.xml')).description, '“纸上谈兵”中标签为“C++”的文章。');
  const opml = parseOpml(read('feeds.opml'));
  assert.equal(opml.head?.title, '纸上谈兵 · 订阅源');
  assert.deepEqual(opml.body?.outlines?.map((o) => o.text), ['纸上谈兵', '主题', '标签']);
  const html = parseRssFeed(read('feed.xml')).items?.find((i) => i.title === '没有主题的短讯')?.content?.encoded ?? '';
  assert.match(html, /<section class="footnotes" role="doc-endnotes" aria-label="脚注">/);
  assert.match(html, /aria-label="返回第 1 处引用"/);
  assert.match(read('feed.css'), /这是一个订阅源。/);
  assert.match(read('feeds/index.html'), /<time datetime="[^"]+">2025年6月16日<\/time>/);
});

test('a zh-HK build speaks Traditional Chinese (zh-TW) with corner brackets, and no English UI text', async (t) => {
  const root = writeCorpus(CORPUS);
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.writeFileSync(path.join(root, 'broadsheet.yaml'), fs.readFileSync(path.join(root, 'broadsheet.yaml'), 'utf8').replace('language: zh-CN', 'language: zh-HK'));
  const run = await cli(root, 'build', '--now', NOW);
  assert.equal(run.code, 0, run.stderr);
  const out = path.join(root, 'public');
  for (const file of filesBelow(out)) assertNoEnglish(file, fs.readFileSync(path.join(out, file), 'utf8').replace(/<(pubDate|lastBuildDate)>[^<]*</g, '<$1><'));
  const read = (f: string): string => fs.readFileSync(path.join(out, f), 'utf8');
  assert.equal(parseRssFeed(read('topics/人工智能战略投资/feed.xml')).description, '「纸上谈兵」中主題為「人工智能战略投资」的文章。');
  assert.match(read('feeds/index.html'), /<title>纸上谈兵 · 訂閱源<\/title>/);
  assert.match(read('feeds/index.html'), /<time datetime="[^"]+">2025年6月16日<\/time>/);
});

test('a zh-CN digest and its archive show no English UI text; the section without a topic is 其他', async (t) => {
  const root = writeCorpus(CORPUS);
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.appendFileSync(path.join(root, 'broadsheet.yaml'), 'newsletter:\n  from: 纸上谈兵 <digest@news.example.org>\n  service_url: https://subscribe.news.example.org/\n');
  const run = await cli(root, 'digest', '--now', NOW, '--since', '2025-01-01', '--out', 'preview');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^ {2}其他 \(1\)$/m);
  for (const name of ['digest.html', 'digest.txt']) {
    const text = fs.readFileSync(path.join(root, 'preview', name), 'utf8');
    assertNoEnglish(name, text);
    assert.ok(text.includes('其他'), `${name} names the section 其他`);
  }
  const config = loadConfig(undefined, {}, root);
  const entry = { id: '2026-01-01', at: '2026-01-01T00:00:00Z', subject: '纸上谈兵 · 2026年1月1日', url: 'https://news.example.org/digests/2026-01-01/', count: 2, sections: ['其他'], titles: ['没有主题的短讯'] };
  const page = renderArchivePage(config, [entry], 'https://news.example.org/digests/feed.xml');
  assertNoEnglish('archive page', page.replace(/>RSS</, '><'));
  assert.match(page, /<title>纸上谈兵 · 往期简报<\/title>/);
  const feed = renderArchiveFeed(config, [entry], 'https://news.example.org/digests/feed.xml', 'https://news.example.org/digests/');
  // The feed's dates are RFC 822, English by definition; the words around them are not.
  assertNoEnglish('archive feed', feed.replace(/<(pubDate|lastBuildDate)>[^<]*</g, '<$1><'));
});

test('zh-CN subscription pages and the confirmation email show no English UI text; the email greets by name', async () => {
  const h = harness({ config: { site: { title: '纸上谈兵', url: 'https://site.example/', language: 'zh-CN' } } });
  try {
    const pages: [string, string][] = [];
    const get = async (url: string): Promise<string> => {
      const html = await (await h.app.request(url)).text();
      pages.push([url, html]);
      return html;
    };
    await get('/subscribe');
    await get('/no-such-page');
    await get('/confirm?token=garbage');
    await signUp(h, 'reader@example.org', [], '张三');
    const mail = h.sent.at(-1);
    assert.ok(mail, 'a confirmation email was sent');
    assert.equal(mail.subject, '请确认订阅“纸上谈兵”');
    assert.match(mail.text, /^张三，你好！$/m);
    assert.match(mail.html, /<p>张三，你好！<\/p>/);
    assertNoEnglish('confirmation email (text)', mail.text);
    assertNoEnglish('confirmation email (HTML)', mail.html);
    const token = await lastLinkToken(h, 'confirm');
    await get(`/confirm?token=${encodeURIComponent(token)}`);
    const confirmed = await (await post(h.app, `/confirm?token=${encodeURIComponent(token)}`, '')).text();
    pages.push(['/confirm (POST)', confirmed]);
    const preferences = /href="(\/preferences\?token&#x3D;[^"]+)"/.exec(confirmed)?.[1]?.replace('&#x3D;', '=');
    assert.ok(preferences, 'the confirmed page links to the preferences');
    const prefs = await formSession(h.app, preferences);
    pages.push([preferences, prefs.html]);
    const saved = await (await post(h.app, preferences, form([['csrf', prefs.csrf], ['topics', 'C++']]), { cookie: prefs.cookie })).text();
    pages.push(['/preferences (POST)', saved]);
    for (const [url, html] of pages) assertNoEnglish(url, html);
    // A sign-up without a name gets the plain greeting.
    await signUp(h, 'anon@example.org');
    assert.match(h.sent.at(-1)?.text ?? '', /^你好！$/m);
  } finally {
    await h.close();
  }
});

test('the shipped catalogue drives the checks above: zh-CN has every key, in Chinese', () => {
  for (const key of Object.keys(en) as (keyof typeof en)[]) {
    assert.ok(zhCN[key].length > 0, key);
  }
  const config = configFromObject({ site: { title: 'x', url: 'https://x.example/', language: 'zh-CN' } });
  assert.equal(config.digest.other, undefined, 'digest.other defaults to the language’s word');
});
