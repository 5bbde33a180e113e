import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFromObject, parseConfig } from '../../src/config/load.js';
import { BroadsheetError } from '../../src/errors.js';
import { en } from '../../src/i18n/catalogue-en.js';
import { CATALOGUES, matchLanguage } from '../../src/i18n/language.js';
import { countText, fill, messagesFor, MESSAGE_KEYS, rawMessages, suggestKey } from '../../src/i18n/messages.js';
import { dateFormatter, displayUrl } from '../../src/i18n/format.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

test('every catalogue has exactly the English keys, each text non-empty with the same placeholders', () => {
  for (const [name, catalogue] of Object.entries(CATALOGUES)) {
    assert.deepEqual(Object.keys(catalogue), Object.keys(en), `${name}: keys in the same order`);
    for (const key of MESSAGE_KEYS) {
      assert.ok(catalogue[key].trim().length > 0, `${name}.${key} is empty`);
      assert.deepEqual(placeholders(catalogue[key]), placeholders(en[key]), `${name}.${key}: placeholders`);
    }
  }
});

test('BCP 47 matching: zh-Hans → zh-CN, zh-HK → zh-TW, en-GB → en, anything else → en as a fallback', () => {
  const cases: [string, string, boolean][] = [
    ['en', 'en', false],
    ['en-GB', 'en', false],
    ['EN-us', 'en', false],
    ['zh', 'zh-CN', false],
    ['zh-CN', 'zh-CN', false],
    ['zh-cn', 'zh-CN', false],
    ['zh-SG', 'zh-CN', false],
    ['zh-Hans', 'zh-CN', false],
    ['zh-Hans-HK', 'zh-CN', false],
    ['zh-TW', 'zh-TW', false],
    ['zh-HK', 'zh-TW', false],
    ['zh-MO', 'zh-TW', false],
    ['zh-Hant', 'zh-TW', false],
    ['zh-Hant-CN', 'zh-TW', false],
    ['fr', 'en', true],
    ['ja-JP', 'en', true],
  ];
  for (const [tag, catalogue, fallback] of cases) assert.deepEqual(matchLanguage(tag), { catalogue, fallback }, tag);
});

test('Chinese texts use Chinese punctuation and never put spaces or ASCII quotes around the site title', () => {
  for (const name of ['zh-CN', 'zh-TW'] as const) {
    for (const [key, text] of Object.entries(CATALOGUES[name])) {
      // Latin product names and URLs keep their own punctuation; the rest is full-width.
      const prose = text.replace(/https?:\S+/g, '').replace(/[A-Za-z][A-Za-z./ ]*[A-Za-z]/g, 'X');
      assert.doesNotMatch(prose, /[\p{Script=Han}][,:;!?()"']|[,:;!?()"'][\p{Script=Han}]/u, `${name}.${key}: ASCII punctuation next to Chinese: ${text}`);
      assert.doesNotMatch(text, /\p{Script=Han} \{site\}|\{site\} \p{Script=Han}/u, `${name}.${key}: a space between the site title and Chinese text`);
      // Inside a sentence the title is quoted: “” in zh-CN, 「」 in zh-TW.
      if (/\{site\}/.test(text) && /[。，！：]/.test(text)) {
        assert.match(text, name === 'zh-CN' ? /“\{site\}”/ : /「\{site\}」/, `${name}.${key}: ${text}`);
      }
    }
  }
  assert.equal(fill(CATALOGUES['zh-CN'].confirmGreetingName, { name: '张三' }), '张三，你好！');
  assert.equal(messagesFor({ site: { language: 'zh-CN', title: 'Tech Weekly' } }).subscribeTitle, '订阅“Tech Weekly”');
  assert.equal(messagesFor({ site: { language: 'zh-TW', title: 'Tech Weekly' } }).subscribeTitle, '訂閱「Tech Weekly」');
  assert.equal(countText(CATALOGUES['zh-CN'], 3), '本期 3 篇新文章');
  assert.equal(countText(en, 1), '1 new article');
});

test('config messages: overrides one key; an unknown key is an error naming the nearest key, with its line', () => {
  const config = configFromObject({ site: { title: 'T', url: 'https://t.example/', language: 'zh-CN' }, messages: { digestOther: '杂项' } });
  assert.equal(rawMessages(config).digestOther, '杂项');
  assert.equal(rawMessages(config).topicsHeading, '主题', 'other keys keep the language’s text');
  assert.throws(
    () => configFromObject({ site: { title: 'T', url: 'https://t.example/' }, messages: { footnoteBack: 'x' } }),
    (err: unknown) => err instanceof BroadsheetError && /did you mean "footnoteBackLabel"/.test(err.message),
  );
  const { problems } = parseConfig('site:\n  title: T\n  url: https://t.example/\nmessages:\n  latestHeading: 新文章\n  feedsPageTitel: 订阅\n', 'broadsheet.yaml');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.line, 6);
  assert.match(problems[0]?.message ?? '', /^messages\.feedsPageTitel: "feedsPageTitel" is not a message key; did you mean "feedsPageTitle"\?/);
  assert.equal(suggestKey('zzzzzzzzzzzz'), undefined, 'nothing close: no suggestion');
});

test('dates read as the language writes them, in the given zone; addresses are shown decoded', () => {
  const at = new Date('2025-06-19T20:00:00Z');
  assert.equal(dateFormatter('zh-CN', 'Asia/Shanghai')(at), '2025年6月20日');
  assert.equal(dateFormatter('zh-TW', 'Asia/Taipei')(at), '2025年6月20日');
  assert.equal(dateFormatter('en-GB', 'UTC')(at), '19 June 2025');
  assert.equal(dateFormatter('fr', 'UTC')(at), 'June 19, 2025', 'a fallback language writes English dates');
  assert.equal(displayUrl('https://x.example/topics/%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD/feed.xml'), 'https://x.example/topics/人工智能/feed.xml');
  assert.equal(displayUrl('https://x.example/tags/a%2Fb/'), 'https://x.example/tags/a%2Fb/', 'an encoded slash stays encoded');
});

/** The key table of docs/languages.md, as the catalogue gives it. */
function keyTable(): string {
  const cell = (text: string): string => `\`${text.replace(/\|/g, '\\|')}\``;
  const rows = MESSAGE_KEYS.map((key) => `| \`${key}\` | ${cell(en[key])} | ${cell(CATALOGUES['zh-CN'][key])} |`);
  return ['| key | en | zh-CN |', '|---|---|---|', ...rows].join('\n');
}

test('docs/languages.md lists every key with its English and Chinese text, exactly as the catalogue has them', () => {
  const doc = fs.readFileSync(path.join(REPO, 'docs', 'languages.md'), 'utf8');
  const start = doc.indexOf('<!-- keys:start -->');
  const end = doc.indexOf('<!-- keys:end -->');
  assert.ok(start >= 0 && end > start, 'docs/languages.md has the keys:start / keys:end markers');
  const listed = doc.slice(start + '<!-- keys:start -->'.length, end).trim();
  assert.equal(listed, keyTable(), 'the key table drifted from the catalogue: replace it with the expected text');
});
