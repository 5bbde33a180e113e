import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseDate, wallTimeIn } from '../../src/content/dates.js';
import { permalinkFor, siteBase } from '../../src/content/permalink.js';
import { contentPath } from '../../src/content/load-content.js';
import { newestFirst, sortNewestFirst } from '../../src/content/publish.js';
import type { Article } from '../../src/content/article.js';
import { urlSegment } from '../../src/content/slug.js';
import { seededPick } from '../helpers/random.js';
import { testConfig } from './helpers.js';

// The per-article steps of loading that were rewritten for speed, held to
// the straightforward forms they replaced.

/** permalinkFor as it was: one replace over the pattern per article. */
function permalinkReference(permalink: string, siteUrl: string, timeZone: string, slug: string, date: Date, sourcePath: string): string {
  const needsDate = /:(year|month|day)\b/.test(permalink);
  const wall = needsDate ? wallTimeIn(date.getTime(), timeZone) : undefined;
  const slash = sourcePath.indexOf('/');
  const section = slash === -1 ? '' : urlSegment(sourcePath.slice(0, slash));
  const p = permalink
    .replace(/:(slug|year|month|day|section)\b/g, (_m, token: string) => {
      switch (token) {
        case 'slug': return urlSegment(slug);
        case 'year': return String(wall?.year ?? 0).padStart(4, '0');
        case 'month': return String(wall?.month ?? 0).padStart(2, '0');
        case 'day': return String(wall?.day ?? 0).padStart(2, '0');
        default: return section;
      }
    })
    .replace(/\/{2,}/g, '/');
  return new URL(p.replace(/^\//, '').normalize('NFC'), siteBase(siteUrl)).href;
}

test('permalinks: random patterns give the URL the one-replace form gave', () => {
  const pieces = [':slug', ':year', ':month', ':day', ':section', '/', '//', 'posts', ':slugs', ':yearly', 'x:day', ':day_', '-', '文章', ':', '.html', ':section:slug'];
  const slugs = ['hello', '人工智能', 'c++', 'a b', 'e\u0301', '100%25'];
  const paths = ['a.md', 'news/a.md', '新闻/a.md', 'a/b/c.md'];
  const rand = seededPick(11);
  for (let round = 0; round < 2000; round++) {
    // The config insists on a leading `/` and a trailing `/` or `.html`.
    let permalink = '/';
    for (let i = 0; i < 1 + rand(5); i++) permalink += pieces[rand(pieces.length)];
    permalink += rand(2) ? '/' : '.html';
    const site = rand(2) ? 'https://example.org/blog' : 'https://example.org/';
    const cfg = testConfig({ permalink, url: site });
    const slug = slugs[rand(slugs.length)] ?? 'x';
    const date = new Date(Date.UTC(2020 + rand(6), rand(12), 1 + rand(28), rand(24)));
    const source = paths[rand(paths.length)] ?? 'a.md';
    const want = permalinkReference(permalink, site, cfg.site.timezone, slug, date, source);
    assert.equal(permalinkFor(cfg, slug, date, source), want, permalink);
  }
});

test('permalinks: paths appended to the site URL only where the URL parser would keep them as they are', () => {
  const pieces = ['a', 'posts', ':slug', '/', '.', '..', '%2e', '%2E', '%', '%41', '%zz', '~', '@', '!', '$', "'", '(', ')', '*', '+', ',', ';', '=', '&', '-', '_', 'é', ' ', '?', '#', '\\', ':', '[', '|', '^', '`', '{', '"', '<'];
  const sites = ['https://example.org/', 'https://example.org/blog', 'https://EXAMPLE.org/x/', 'https://example.org:443/', 'https://example.org/a b/', 'https://example.org/?q=1', 'http://user@example.org/', 'https://例子.org/'];
  const rand = seededPick(23);
  const date = new Date(Date.UTC(2025, 5, 16));
  for (let round = 0; round < 3000; round++) {
    let permalink = '/';
    for (let i = 0; i < 1 + rand(6); i++) permalink += pieces[rand(pieces.length)];
    const url = sites[rand(sites.length)] ?? 'https://example.org/';
    const site = { ...testConfig().site, permalink, url };
    // Either both give the same URL or both throw (a path that reads as a bad absolute URL).
    const outcome = (f: () => string): string => {
      try {
        return f();
      } catch (err) {
        return `throws ${(err as Error).name}`;
      }
    };
    const want = outcome(() => permalinkReference(permalink, url, site.timezone, 'slug', date, 'a.md'));
    assert.equal(outcome(() => permalinkFor({ site }, 'slug', date, 'a.md')), want, JSON.stringify([permalink, url]));
  }
});

test('dates: the last day of each month, leap years as Date.UTC counts them', () => {
  // Date.UTC reads years 0-99 as 1900-1999; parseDate has always followed it.
  const years = [0, 4, 99, 100, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999];
  for (const year of years) {
    for (let month = 1; month <= 12; month++) {
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const ymd = (d: number): string => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      assert.ok(parseDate(`${ymd(last)}T00:00:00Z`, 'UTC'), `${ymd(last)} is a date`);
      assert.equal(parseDate(`${ymd(last + 1)}T00:00:00Z`, 'UTC'), undefined, `${ymd(last + 1)} is not`);
    }
  }
});

test('content paths: the same path as path.join for the paths the scan lists', () => {
  const rels = ['a.md', 'news/a.md', '新闻/2025-06-16-x.md', 'a b/c.md'];
  for (const dir of ['/srv/site/content', '/srv/site/content/', '/', 'content', '/srv/./site//content', '/srv/site/../content']) {
    const join = contentPath(dir);
    for (const rel of rels) assert.equal(join(rel), path.join(dir, rel), `${dir} + ${rel}`);
  }
});

test('sortNewestFirst orders as a sort with newestFirst does, ties by URL', () => {
  const rand = seededPick(5);
  const articles = Array.from({ length: 500 }, (_, i) => ({ date: new Date(Date.UTC(2025, 0, 1 + rand(20))), url: `https://x.example/${rand(50)}/${i}` }) as unknown as Article);
  const want = [...articles].sort(newestFirst);
  assert.deepEqual(sortNewestFirst([...articles]), want);
});
