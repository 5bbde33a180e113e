import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectEdition } from '../../src/digest/select.js';
import { prepareEdition, type PreparedEdition } from '../../src/digest/prepare.js';
import type { Recipient } from '../../src/digest/types.js';
import { BroadsheetError } from '../../src/errors.js';
import { displayWidth } from '../../src/email/wrap-text.js';
import { article, config, corpus } from './fixtures.js';
import { parseHtml } from './html.js';

const AT = new Date('2025-06-16T01:00:00Z');
const NASTY_TITLE = `Tom & Jerry's <script>alert("x")</script> "quoted" title`;
const NASTY_SUMMARY = `5 < 6 & 7 > 3; <img src=x onerror="alert(1)"> isn't "HTML" &amp; stays text`;

function recipient(over: Partial<Recipient> = {}): Recipient {
  return {
    email: 'reader@example.com',
    name: null,
    topics: [],
    unsubscribeUrl: 'https://subscribe.example.org/unsubscribe?token=abc.DEF-1&x="y"',
    preferencesUrl: 'https://subscribe.example.org/preferences?token=abc.DEF-2',
    ...over,
  };
}

let edition: Promise<PreparedEdition> | undefined;
/** The 30-article edition plus one with hostile text, rendered once for the file. */
function thirtyArticles(): Promise<PreparedEdition> {
  edition ??= (async () => {
    const articles = corpus(29);
    articles.push(article({ slug: 'nasty', title: NASTY_TITLE, summary: NASTY_SUMMARY, date: new Date('2025-06-15T23:00:00Z'), topics: ['C++'], image: 'https://news.example.org/img/a.jpg?w=600&h="1"' }));
    // Every copy of a many-topic article, so each section's rendering is checked in full.
    const cfg = config({ digest: { schedule: '0 9 * * 1', other: '其他', duplicates: 'all' } });
    const plan = selectEdition(articles, cfg, { at: AT, held: new Set() });
    assert.equal(plan.articleIds.length, 30);
    return prepareEdition(plan, cfg, { validation: 'strict' });
  })();
  return edition;
}

test('the shipped templates pass strict MJML validation and render every section and article', async () => {
  const r = await thirtyArticles();
  assert.deepEqual(r.warnings, []);
  const m = r.renderFor(recipient());
  assert.ok(m);
  const doc = parseHtml(m.html);
  assert.deepEqual(
    doc.byClass('bs-topic').map((h) => doc.text(h)),
    r.plan.sections.map((s) => s.title),
    'one heading per section, in plan order',
  );
  const links = doc.links();
  for (const section of r.plan.sections) {
    for (const a of section.articles) {
      assert.ok(links.some((l) => l.href === a.url && l.text === a.title), `a link to ${a.url} titled "${a.title}"`);
    }
  }
  const h3 = doc.byClass('bs-title');
  assert.equal(h3.length, r.plan.sections.reduce((n, s) => n + s.articles.length, 0), 'an article under each of its topics');
  assert.equal(doc.byTag('html')[0]?.attribs.lang, 'zh-CN');
  assert.ok(doc.text().includes('2025年6月16日'), 'dates localised for zh-CN');
  assert.ok(doc.byTag('meta').some((e) => e.attribs.name === 'color-scheme' && e.attribs.content === 'light dark'));
  assert.match(m.html, /@media \(prefers-color-scheme: dark\)/);
  assert.match(m.html, /font-family:system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC'/);
  assert.equal(m.subject, '纸上谈兵 Broadsheet · 2025年6月16日');
});

test('titles and summaries are escaped; no script, forms or event handlers; only absolute URLs', async () => {
  const r = await thirtyArticles();
  const m = r.renderFor(recipient());
  assert.ok(m);
  const doc = parseHtml(m.html);
  assert.equal(doc.byTag('script').length, 0);
  assert.equal(doc.byTag('form').length + doc.byTag('input').length + doc.byTag('button').length, 0);
  assert.equal(doc.byTag('img').filter((i) => i.attribs.onerror !== undefined).length, 0);
  for (const el of doc.elements) {
    for (const name of Object.keys(el.attribs)) assert.ok(!/^on/i.test(name), `<${el.name} ${name}> is an event handler`);
    for (const name of ['href', 'src']) {
      const v = el.attribs[name];
      if (v !== undefined) assert.match(v, /^(https?:\/\/[^/]|mailto:)/, `<${el.name} ${name}="${v}"> is not absolute`);
    }
  }
  // The hostile strings come back as the same text, so they were escaped, not interpreted.
  const titles = doc.byClass('bs-title').map((e) => doc.text(e));
  assert.ok(titles.includes(NASTY_TITLE));
  const summaries = doc.byClass('bs-summary').map((e) => doc.text(e));
  assert.ok(summaries.includes(NASTY_SUMMARY));
  const image = doc.byTag('img').find((i) => i.attribs.alt === NASTY_TITLE);
  assert.equal(image?.attribs.src, 'https://news.example.org/img/a.jpg?w=600&h="1"', 'attribute quotes survive as data');
  // Personal values land intact in attributes, quotes and all.
  const unsubscribe = doc.links().find((l) => l.text === '退订');
  assert.equal(unsubscribe?.href, recipient().unsubscribeUrl);
  assert.equal(doc.links().find((l) => l.text === '选择主题')?.href, recipient().preferencesUrl);
  assert.equal(doc.links().find((l) => l.text === '在浏览器中查看')?.href, 'https://news.example.org/digests/2025-06-16-0900/');
  const footer = doc.text();
  assert.ok(footer.includes('纸上谈兵 · 1 Example Road, Shanghai'), 'sender name and postal line');
  assert.ok(!m.html.includes('%%bs') && !m.html.includes('<!--bs'), 'no marker leaks');
});

test('a 30-article digest stays under 102 KB (Gmail clips above that)', async () => {
  const r = await thirtyArticles();
  const m = r.renderFor(recipient({ name: '读者' }));
  assert.ok(m);
  const bytes = Buffer.byteLength(m.html);
  assert.ok(bytes < 102 * 1024, `${bytes} bytes`);
});

test('per-subscriber cut: only the chosen sections, the count and preheader follow; empty cut gives null', async () => {
  const r = await thirtyArticles();
  const cut = r.renderFor(recipient({ topics: ['c++', 'AI/ML'] }));
  assert.ok(cut);
  const doc = parseHtml(cut.html);
  const titles = doc.byClass('bs-topic').map((h) => doc.text(h));
  assert.deepEqual(titles, r.plan.sections.filter((s) => s.topic === 'C++' || s.topic === 'AI/ML').map((s) => s.title));
  const ids = new Set(r.plan.sections.filter((s) => s.topic === 'C++' || s.topic === 'AI/ML').flatMap((s) => s.articles.map((a) => a.id)));
  assert.ok(doc.text().includes(`本期 ${ids.size} 篇新文章`), 'the count is of this subscriber\'s articles');
  assert.ok(!cut.text.includes('其他\n'), 'no Other section for a topic subscriber');
  assert.equal(r.renderFor(recipient({ topics: ['Rust'] })), null);
  const all = r.renderFor(recipient());
  assert.ok(all && all.html.length > cut.html.length);
});

test('the name is greeted only when known, and escaped', async () => {
  const r = await thirtyArticles();
  const named = r.renderFor(recipient({ name: 'Ann <A&B>' }));
  const anonymous = r.renderFor(recipient({ name: null }));
  assert.ok(named && anonymous);
  assert.ok(parseHtml(named.html).text().includes('Ann <A&B>，你好！'));
  assert.ok(!named.html.includes('Ann <A&B>'), 'raw name never in HTML');
  assert.ok(!parseHtml(anonymous.html).text().includes('你好'));
  assert.ok(named.text.includes('Ann <A&B>，你好！'));
});

test('the text twin: sections, titles, URLs, summaries, footer links; wrapped, URLs whole', async () => {
  const r = await thirtyArticles();
  const m = r.renderFor(recipient());
  assert.ok(m);
  const lines = m.text.split('\n');
  for (const s of r.plan.sections) {
    const i = lines.indexOf(s.title);
    assert.ok(i > 0, `section "${s.title}"`);
    assert.match(lines[i + 1] ?? '', /^-{3,}$/);
    assert.equal(displayWidth(lines[i + 1] ?? ''), displayWidth(s.title) < 3 ? 3 : displayWidth(s.title));
  }
  for (const a of r.plan.sections.flatMap((s) => s.articles)) {
    assert.ok(lines.includes(`  ${a.url}`), `URL of ${a.slug} on its own line`);
  }
  assert.ok(lines.includes(`* ${NASTY_TITLE}`), 'titles unescaped in text');
  assert.ok(m.text.replace(/\n {2}/g, ' ').includes(NASTY_SUMMARY), 'summary present (rejoined across wrapped lines)');
  assert.ok(lines.includes(`退订: ${recipient().unsubscribeUrl}`));
  assert.ok(lines.includes(`选择主题: ${recipient().preferencesUrl}`));
  assert.ok(lines.includes('网页版: https://news.example.org/digests/2025-06-16-0900/'));
  assert.ok(lines.includes('-- '), 'signature separator');
  // Away from the hostile article, the text part has no markup and no entities at all.
  const plain = r.renderFor(recipient({ topics: ['AI/ML', '人工智能战略投资'] }));
  assert.ok(plain && !/<\/?(h[1-6]|p|a|div|span|table|tr|td|br|img|mj-[a-z]+)\b|&(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/i.test(plain.text), 'no HTML in the text part');
  assert.ok(plain.text.includes('Why "C++ & Rust" <still> matter'), 'text is text: quotes, & and < as written');
  for (const l of lines) {
    if (!/https?:\/\//.test(l)) assert.ok(displayWidth(l) <= 72, `too wide: ${l}`);
  }
  assert.ok(!/\n{3,}/.test(m.text), 'never two blank lines in a row');
});

test('the web archive page has every section and no personal links', async () => {
  const r = await thirtyArticles();
  const html = await r.renderWeb();
  const doc = parseHtml(html);
  assert.equal(doc.byClass('bs-topic').length, r.plan.sections.length);
  const hrefs = doc.links().map((l) => l.href);
  assert.ok(!hrefs.some((h) => /unsubscribe|preferences/.test(h)), 'no unsubscribe or preferences links');
  assert.ok(doc.text().includes('订阅者可以通过每封邮件底部的链接选择主题或退订'));
  assert.ok(!doc.text().includes('在浏览器中查看'));
  assert.ok(!html.includes('%%bs'));
});

test('subject template, English dates, and an edited template folder', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-tpl-'));
  try {
    fs.mkdirSync(path.join(dir, 'tpl', 'partials'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'tpl', 'partials', 'article.mjml'),
      '<mj-text><p class="custom">{{title}} — {{date}}</p></mj-text>\n',
    );
    const cfg = config(
      { site: { title: 'The Paper', url: 'https://paper.example/', language: 'en', timezone: 'UTC' }, digest: { subject: '{{count}} new in {{site.title}} ({{topics}})', templates: 'tpl', other: 'Other' } },
      dir,
    );
    const a = article({ slug: 'x', title: 'X & Y', date: new Date('2025-06-15T10:00:00Z'), topics: ['alpha'] });
    const b = article({ slug: 'y', date: new Date('2025-06-15T09:00:00Z'), topics: ['beta'] });
    const r = await prepareEdition(selectEdition([a, b], cfg, { at: AT, held: new Set() }), cfg, { validation: 'strict' });
    assert.equal(r.subject, '2 new in The Paper (alpha · beta)');
    const m = r.renderFor(recipient({ topics: ['beta'] }));
    assert.equal(m?.subject, '1 new in The Paper (beta)');
    const doc = parseHtml(r.renderFor(recipient())!.html);
    assert.deepEqual(doc.byClass('custom').map((e) => doc.text(e)), ['X & Y — June 15, 2025', 'Article y — June 15, 2025']);
    assert.ok(doc.text().includes('View in browser'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('invalid MJML fails strict validation; a script in an edited template is refused', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-tpl-'));
  try {
    fs.mkdirSync(path.join(dir, 'bad', 'partials'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'bad', 'partials', 'article.mjml'), '<mj-section><mj-text>{{title}}</mj-text></mj-section>\n');
    fs.mkdirSync(path.join(dir, 'evil', 'partials'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'evil', 'partials', 'article.mjml'), '<mj-text><a href="{{url}}" onclick="steal()">{{title}}</a></mj-text>\n');
    fs.mkdirSync(path.join(dir, 'syntax'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'syntax', 'digest.txt'), 'line one\n{{#each sections}}\nnever closed\n');
    const a = article({ slug: 'x', date: new Date('2025-06-15T10:00:00Z'), topics: ['alpha'] });
    const run = (templates: string): Promise<unknown> => {
      const cfg = config({ digest: { templates, other: 'Other' } }, dir);
      return prepareEdition(selectEdition([a], cfg, { at: AT, held: new Set() }), cfg, { validation: 'strict' });
    };
    await assert.rejects(run('bad'), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'MjmlInvalid');
    await assert.rejects(run('evil'), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'TemplateUnsafe');
    await assert.rejects(run('syntax'), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'TemplateSyntax' && (e.problems[0]?.file ?? '').endsWith('digest.txt'));
    await assert.rejects(run('missing'), (e: unknown) => e instanceof BroadsheetError && e.problems[0]?.code === 'TemplatesNotFound');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a lead image that is not an absolute http(s) URL is left out rather than linked', async () => {
  const cfg = config();
  const bad = article({ slug: 'bad-image', date: new Date('2025-06-15T10:00:00Z'), topics: ['x'], image: 'javascript:alert(1)' });
  const rel = article({ slug: 'relative-image', date: new Date('2025-06-15T09:00:00Z'), topics: ['x'], image: '/images/a.png' });
  const r = await prepareEdition(selectEdition([bad, rel], cfg, { at: AT, held: new Set() }), cfg, { validation: 'strict' });
  const m = r.renderFor(recipient());
  assert.ok(m);
  assert.equal(parseHtml(m.html).byTag('img').length, 0);
  assert.ok(!m.html.includes('javascript:'));
});
