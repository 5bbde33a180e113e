import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseRssFeed } from 'feedsmith';
import { NOW, writeCorpus } from '../build/seed-corpus.js';
import { cli, read } from '../build/run.js';

function setConfig(root: string, edit: (text: string) => string): void {
  const file = path.join(root, 'broadsheet.yaml');
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
}

/** The footnote back-link labels in the site feed's article HTML. */
function backLabels(root: string): string[] {
  const html = (parseRssFeed(read(root, 'feed.xml')).items ?? []).map((i) => i.content?.encoded ?? '').join('\n');
  return [...new Set([...html.matchAll(/class="footnote-backref" role="doc-backlink" aria-label="([^"]+)"/g)].map((m) => m[1] ?? ''))];
}

test('a language without a catalogue builds in English with a warning naming the shipped ones', async (t) => {
  const root = writeCorpus();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  setConfig(root, (c) => c.replace('language: zh-CN', 'language: fr-CA'));
  const run = await cli(root, 'build', '--now', NOW);
  assert.equal(run.code, 0);
  assert.match(run.stderr, /^warning: .*site\.language "fr-CA" has no message catalogue.*\[LanguageNotShipped\]/m);
  assert.match(run.stderr, /en, zh-CN, zh-TW/);
  const page = read(root, 'feeds', 'index.html');
  assert.match(page, /<html lang="fr-CA">/);
  assert.match(page, /<h2>Latest articles<\/h2>/);
  assert.match(page, /June 16, 2025/);
  assert.deepEqual(backLabels(root), ['Back to reference 1', 'Back to reference 2']);
});

test('messages: overrides reach pages, feeds and article HTML, and a changed override rebuilds the cached HTML', async (t) => {
  const root = writeCorpus();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  assert.equal((await cli(root, 'build', '--now', NOW)).code, 0);
  assert.deepEqual(backLabels(root), ['返回第 1 处引用', '返回第 2 处引用']);
  setConfig(root, (c) => `${c}messages:\n  latestHeading: 新近文章\n  footnoteBackLabel: 回到注 {n}\n  topicFeedDescription: 关于“{term}”\n`);
  const run = await cli(root, 'build', '--now', NOW);
  assert.equal(run.code, 0, run.stderr);
  assert.match(read(root, 'feeds', 'index.html'), /<h2>新近文章<\/h2>/);
  assert.match(read(root, 'feeds', 'index.html'), /<h2>主题<\/h2>/, 'keys not overridden keep the language’s text');
  assert.equal(parseRssFeed(read(root, 'topics', '人工智能战略投资', 'feed.xml')).description, '关于“人工智能战略投资”');
  assert.deepEqual(backLabels(root), ['回到注 1', '回到注 2']);
});

test('an unknown messages key stops the build with its line and the nearest key (exit 1)', async (t) => {
  const root = writeCorpus();
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  setConfig(root, (c) => `${c}messages:\n  latestHeadng: 新近文章\n`);
  const run = await cli(root, 'build', '--now', NOW);
  assert.equal(run.code, 1);
  const line = fs.readFileSync(path.join(root, 'broadsheet.yaml'), 'utf8').split('\n').indexOf('  latestHeadng: 新近文章') + 1;
  assert.match(run.stderr, new RegExp(`broadsheet\\.yaml:${line}\\b.*messages\\.latestHeadng: "latestHeadng" is not a message key; did you mean "latestHeading"\\?`));
  assert.equal(fs.existsSync(path.join(root, 'public')), false, 'nothing was written');
});
