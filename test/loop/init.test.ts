import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { guessLanguage, guessTimeZone, localeToTag } from '../../src/init/guess.js';
import { runBin, snapshot } from './run-cli.js';

const LANGUAGES = [
  { language: 'en', topics: ['Getting started', 'Writing'], footnote: 'Turn the per-topic' },
  { language: 'zh-CN', topics: ['入门', '写作'], footnote: '可以关闭' },
  { language: 'zh-TW', topics: ['入門', '寫作'], footnote: '可以關閉' },
];

for (const { language, topics, footnote } of LANGUAGES) {
  test(`init --language ${language}: build and digest succeed right after, in that language`, (t) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-init-'));
    t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const init = runBin(tmp, ['init', 'site', '--language', language, '--timezone', 'Asia/Shanghai', '--title', 'Loop Weekly']);
    assert.equal(init.code, 0, init.err);
    const site = path.join(tmp, 'site');

    const config = loadConfig(undefined, {}, site);
    assert.equal(config.site.language, language);
    assert.equal(config.site.timezone, 'Asia/Shanghai');
    assert.equal(config.site.title, 'Loop Weekly');
    // Every key line carries a comment.
    const yamlText = fs.readFileSync(path.join(site, 'broadsheet.yaml'), 'utf8');
    for (const line of yamlText.split('\n')) {
      if (/^\s*[a-z_]+:\s*\S/.test(line)) assert.match(line, /\s#\s\S/, `no comment on: ${line}`);
    }
    assert.match(yamlText, /PLACEHOLDER/);
    const ignore = fs.readFileSync(path.join(site, '.gitignore'), 'utf8').split('\n');
    for (const entry of ['public/', 'state/', 'outbox/', '.broadsheet-cache/']) assert.ok(ignore.includes(entry), `.gitignore lacks ${entry}`);

    const build = runBin(site, ['build']);
    assert.equal(build.code, 0, build.err);
    // The site feed holds the example article, with its two topics as categories and its footnote.
    const feed = JSON.parse(fs.readFileSync(path.join(site, 'public', 'feed.json'), 'utf8')) as { language?: string; items: Array<{ tags?: string[]; content_html?: string }> };
    assert.equal(feed.items.length, 1);
    const item = feed.items[0];
    for (const topic of topics) assert.ok(item?.tags?.includes(topic), `feed item tags ${JSON.stringify(item?.tags)} lack ${topic}`);
    assert.ok(item?.content_html?.includes(footnote), 'the footnote is rendered');
    assert.match(item?.content_html ?? '', /footnote|fn/i);

    const digest = runBin(site, ['digest']);
    assert.equal(digest.code, 0, digest.err);
    const eml = fs.readFileSync(path.join(site, 'public', 'digests', 'preview', 'digest.eml'), 'utf8');
    assert.match(eml, /^From: .*newsletter@example\.com/m);
    const text = fs.readFileSync(path.join(site, 'public', 'digests', 'preview', 'digest.txt'), 'utf8');
    // An article is in an email once, under its first topic.
    assert.ok(text.includes(topics[0] ?? ''), `digest text lacks section ${topics[0] ?? ''}`);

    const check = runBin(site, ['check', '--json']);
    assert.equal(check.code, 0, check.out + check.err);
    assert.deepEqual(JSON.parse(check.out), { problems: [] });
  });
}

test('a second init names every existing file, exits 1 and changes nothing', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-init-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  assert.equal(runBin(tmp, ['init', '--github', '--language', 'en']).code, 0);
  fs.appendFileSync(path.join(tmp, 'broadsheet.yaml'), '# my edit\n');
  const before = snapshot(tmp);
  const again = runBin(tmp, ['init', '--github', '--language', 'zh-CN']);
  assert.equal(again.code, 1);
  for (const name of ['broadsheet.yaml', '.gitignore', '.github/workflows/publish.yml', '.github/workflows/newsletter.yml']) {
    assert.ok(again.err.includes(name), `not named: ${name}\n${again.err}`);
  }
  assert.match(again.err, /InitFileExists/);
  assert.deepEqual(snapshot(tmp), before);
});

test('init refuses everything when only one file is in the way, and writes none of the others', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-init-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  fs.writeFileSync(path.join(tmp, '.gitignore'), 'mine\n');
  const r = runBin(tmp, ['init']);
  assert.equal(r.code, 1);
  assert.match(r.err, /\.gitignore/);
  assert.deepEqual(fs.readdirSync(tmp), ['.gitignore']);
  assert.equal(fs.readFileSync(path.join(tmp, '.gitignore'), 'utf8'), 'mine\n');
});

test('init guesses the language from LANG and the zone from TZ when no flag says', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-init-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const r = runBin(tmp, ['init'], { LANG: 'zh_CN.UTF-8', TZ: 'Asia/Shanghai' });
  assert.equal(r.code, 0, r.err);
  const config = loadConfig(undefined, {}, tmp);
  assert.equal(config.site.language, 'zh-CN');
  assert.equal(config.site.timezone, 'Asia/Shanghai');
  assert.equal(runBin(tmp, ['build']).code, 0);
});

test('guesses: locale names become language tags; an unknown TZ falls back to the system zone, then UTC', () => {
  assert.equal(localeToTag('zh_TW.UTF-8'), 'zh-TW');
  assert.equal(localeToTag('en_US.UTF-8@euro'), 'en-US');
  assert.equal(localeToTag('C.UTF-8'), undefined);
  assert.equal(localeToTag('POSIX'), undefined);
  assert.equal(guessLanguage({ LANG: 'C', LC_ALL: 'de_DE.UTF-8' }), 'de-DE');
  assert.equal(guessLanguage({}), 'en');
  assert.equal(guessTimeZone({ TZ: ':Europe/Berlin' }, 'Asia/Tokyo'), 'Europe/Berlin');
  assert.equal(guessTimeZone({ TZ: 'Not/AZone' }, 'Asia/Tokyo'), 'Asia/Tokyo');
  assert.equal(guessTimeZone({}, 'Nowhere/Else'), 'UTC');
});

test('bad flags are usage errors (exit 2) that write nothing', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-init-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  for (const argv of [['init', '--timezone', 'Mars/Olympus'], ['init', '--url', 'example.com'], ['init', '--language', 'not a tag'], ['init', 'a', 'b']]) {
    const r = runBin(tmp, argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
  }
  assert.deepEqual(fs.readdirSync(tmp), []);
});

test('init --github: the workflows parse, install Broadsheet, and the newsletter cron is the schedule in UTC', (t) => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-init-'));
  t.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  assert.equal(runBin(tmp, ['init', '--github', '--timezone', 'Asia/Shanghai']).code, 0);
  const newsletter = parse(fs.readFileSync(path.join(tmp, '.github/workflows/newsletter.yml'), 'utf8')) as { on: { schedule: Array<{ cron: string }> } };
  // Mondays 09:00 in Shanghai (UTC+8) are Mondays 01:00 UTC; seven minutes after.
  assert.equal(newsletter.on.schedule[0]?.cron, '7 1 * * 1');
  const publish = fs.readFileSync(path.join(tmp, '.github/workflows/publish.yml'), 'utf8');
  assert.doesNotMatch(publish, /\{\{(?!\s)/, 'a template placeholder was left unfilled');
  assert.match(publish, /actions\/cache@v4/);
  assert.match(publish, /path: \.broadsheet-cache/);
  assert.ok((fs.statSync(path.join(tmp, '.github/state-branch.sh')).mode & 0o100) !== 0, 'state-branch.sh is executable');
});
