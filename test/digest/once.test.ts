import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMain } from '../../src/cli/main.js';
import { fixedClock } from '../../src/clock.js';
import { placeArticles } from '../../src/digest/once.js';
import type { EditionSection } from '../../src/digest/types.js';
import { startSmtpServer, type ReceivedMail } from '../helpers/smtp.js';
import { article } from './fixtures.js';
import { parseHtml } from './html.js';

test('placeArticles: once under the first chosen section in digest order; emptied sections go; all keeps every copy', () => {
  const three = article({ slug: 'three', topics: ['A', 'B', 'C'] });
  const onlyB = article({ slug: 'only-b', topics: ['B'] });
  const sections: EditionSection[] = [
    { topic: 'A', title: 'A', articles: [three] },
    { topic: 'B', title: 'B', articles: [three, onlyB] },
    { topic: 'C', title: 'C', articles: [three] },
  ];
  const first = placeArticles(sections, [0, 1, 2], 'first');
  assert.deepEqual(first.sections, [0, 1]);
  assert.deepEqual([...first.hidden].sort(), ['1:0', '2:0']);
  assert.deepEqual(first.articles.map((a) => a.slug), ['three', 'only-b']);
  // A reader of B and C only: the article goes under B, the first of their topics.
  const bc = placeArticles(sections, [1, 2], 'first');
  assert.deepEqual(bc.sections, [1]);
  assert.deepEqual([...bc.hidden], ['2:0']);
  const all = placeArticles(sections, [0, 1, 2], 'all');
  assert.deepEqual(all.sections, [0, 1, 2]);
  assert.equal(all.hidden.size, 0);
  assert.deepEqual(all.articles.map((a) => a.slug), ['three', 'only-b']);
});

const THREE = '三个主题的文章';
const ARTICLES: Record<string, string> = {
  'three.md': `---\ntitle: ${THREE}\ndate: 2025-06-14T10:00:00+08:00\nsummary: 近乎**“情报”般的能力**：他们\nmain_topics: ["人工智能", "半导体", "政策"]\n---\n\n他说**“好”**。\n`,
  'chips.md': `---\ntitle: Chips only\ndate: 2025-06-13T10:00:00+08:00\nmain_topics: ["半导体"]\n---\n\nBody.\n`,
  'policy.md': `---\ntitle: Policy only\ndate: 2025-06-12T10:00:00+08:00\nmain_topics: ["政策"]\n---\n\nBody.\n`,
};

/** Sends the edition of a small site to two subscribers over real SMTP and returns what arrived. */
async function send(duplicates: string | undefined): Promise<{ all: ReceivedMail; some: ReceivedMail }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-once-'));
  const server = await startSmtpServer();
  try {
    fs.mkdirSync(path.join(dir, 'content'));
    for (const [name, text] of Object.entries(ARTICLES)) fs.writeFileSync(path.join(dir, 'content', name), text);
    fs.writeFileSync(
      path.join(dir, 'broadsheet.yaml'),
      `site:\n  title: 测试周刊\n  url: https://news.example.org/\n  language: zh-CN\n  timezone: Asia/Shanghai\ndigest:\n  lookback: 14d\n  subject: '{{count}} new'\n  topics: [人工智能, 半导体, 政策]\n${duplicates ? `  duplicates: ${duplicates}\n` : ''}newsletter:\n  from: 测试周刊 <digest@news.example.org>\n  service_url: https://subscribe.news.example.org/\n`,
    );
    fs.writeFileSync(path.join(dir, 'subs.csv'), 'email,name,topics\nall@example.net,读者,\nsome@example.net,读者,半导体;政策\n');
    const io = { cwd: dir, clock: fixedClock('2025-06-16T01:00:00Z'), stdout: () => {}, stderr: (l: string) => err.push(l) };
    const err: string[] = [];
    assert.equal(await runMain(['subscribers', 'import', 'subs.csv', '--confirmed'], { ...io, env: {} }), 0, err.join('\n'));
    assert.equal(await runMain(['send', '--now', '2025-06-16T09:00:00+08:00'], { ...io, env: { SMTP_URL: server.url, BROADSHEET_SECRET: 'once-test-secret-0123456789abcdefgh' } }), 0, err.join('\n'));
    const by = (to: string): ReceivedMail => {
      const m = server.received.find((r) => r.to.includes(to));
      assert.ok(m, `a message to ${to}`);
      return m;
    };
    return { all: by('all@example.net'), some: by('some@example.net') };
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** How often the three-topic article is named: as an article title in HTML, in the preheader, as an item in the text. */
function namings(mail: ReceivedMail): { subject: string; titles: number; preheader: number; text: number; topics: string[] } {
  const html = String(mail.parsed.html);
  const doc = parseHtml(html);
  const preview = doc.elements.find((e) => e.name === 'div' && /display:\s*none/.test(e.attribs.style ?? ''));
  assert.ok(preview, 'the preheader');
  const text = mail.parsed.text ?? '';
  return {
    subject: mail.parsed.subject ?? '',
    titles: doc.byClass('bs-title').filter((e) => doc.text(e) === THREE).length,
    preheader: doc.text(preview).split(THREE).length - 1,
    text: text.split('\n').filter((l) => l === `* ${THREE}`).length,
    topics: doc.byClass('bs-topic').map((e) => doc.text(e)),
  };
}

test('an all-topics subscriber\'s email names each article once: HTML, preheader and text twin', async () => {
  const { all, some } = await send(undefined);
  assert.deepEqual(namings(all), { subject: '3 new', titles: 1, preheader: 1, text: 1, topics: ['人工智能', '半导体', '政策'] });
  // A reader of 半导体 and 政策 gets it under 半导体, the first of their topics.
  assert.deepEqual(namings(some), { subject: '3 new', titles: 1, preheader: 1, text: 1, topics: ['半导体', '政策'] });
  const text = some.parsed.text ?? '';
  assert.ok(text.indexOf(THREE) < text.indexOf('政策'), 'under 半导体, before the 政策 section');
  // Every other article is still there, and the CJK emphasis in the summary shows no markers.
  for (const mail of [all, some]) {
    assert.match(mail.parsed.text ?? '', /Policy only/);
    assert.match(mail.parsed.text ?? '', /近乎“情报”般的能力：他们/);
    assert.doesNotMatch(`${mail.parsed.text ?? ''}${parseHtml(String(mail.parsed.html)).text()}`, /\*\*/);
  }
});

test('digest.duplicates: all shows the article under each of its topics again', async () => {
  const { all, some } = await send('all');
  // The count in the subject is of articles, each once, in both modes.
  assert.deepEqual(namings(all), { subject: '3 new', titles: 3, preheader: 3, text: 3, topics: ['人工智能', '半导体', '政策'] });
  assert.deepEqual(namings(some), { subject: '3 new', titles: 2, preheader: 2, text: 2, topics: ['半导体', '政策'] });
});

test('digest.duplicates is validated', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-once-bad-'));
  try {
    fs.writeFileSync(path.join(dir, 'broadsheet.yaml'), 'site:\n  title: T\n  url: https://news.example.org/\ndigest:\n  duplicates: twice\n');
    const err: string[] = [];
    const code = await runMain(['build'], { cwd: dir, env: {}, clock: fixedClock('2025-06-16T01:00:00Z'), stdout: () => {}, stderr: (l) => err.push(l) });
    assert.equal(code, 1);
    assert.match(err.join('\n'), /digest\.duplicates/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
