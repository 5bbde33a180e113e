import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { DEFAULT_DATE_FROM, DEFAULT_UPDATED_FROM } from '../../src/config/schema.js';
import { guessContentDir } from '../../src/build/helpers.js';

const SITE = 'site:\n  title: T\n  url: https://x.example.org/\n';

test('content as a folder name or as options; the defaults are the same either way', () => {
  const plain = parseConfig(`${SITE}content: posts\n`, '/site/broadsheet.yaml').config;
  const none = parseConfig(SITE, '/site/broadsheet.yaml').config;
  const options = parseConfig(`${SITE}content:\n  dir: src\n  include: [content/blog]\n  date: [pubDate, ":filename"]\n`, '/site/broadsheet.yaml').config;
  assert.deepEqual(plain?.content, { dir: 'posts', include: [], exclude: [], date: [...DEFAULT_DATE_FROM], updated: [...DEFAULT_UPDATED_FROM] });
  assert.equal(plain?.contentDir, path.resolve('/site/posts'));
  assert.deepEqual(none?.content, { ...plain?.content, dir: 'content' });
  assert.deepEqual(options?.content, { dir: 'src', include: ['content/blog'], exclude: [], date: ['pubDate', ':filename'], updated: [...DEFAULT_UPDATED_FROM] });
  assert.equal(options?.contentDir, path.resolve('/site/src'));
  // Helper threads guess the folder from the text before the config is parsed.
  assert.equal(guessContentDir('/site/broadsheet.yaml', `${SITE}content:\n  include: [a]\n  dir: "src"\n`), path.resolve('/site/src'));
  assert.equal(guessContentDir('/site/broadsheet.yaml', `${SITE}content: posts # here\n`), path.resolve('/site/posts'));
});

test('wrong content options are named at their lines', () => {
  const bad = (text: string) => parseConfig(`${SITE}${text}`, 'broadsheet.yaml').problems.map((p) => `${p.line} ${p.message}`);
  assert.deepEqual(bad('content: 5\n'), ['4 content: must be a folder name, or {dir, include, exclude, date, updated}']);
  assert.deepEqual(bad('content:\n  dir: c\n  includes: [posts]\n  date: ["bad key"]\n').sort(), [
    '6 content.includes: unknown key "includes"',
    '7 content.date[0]: is not a front matter field name or ":filename"',
  ]);
  assert.deepEqual(bad('content:\n  date: []\n'), ['5 content.date: needs at least one field name or ":filename"']);
});
