import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Article } from '../../src/content/article.js';
import type { Config } from '../../src/config/schema.js';
import { planOutputs } from '../../src/build/outputs.js';
import { feedFingerprint } from '../../src/cache/build-cache.js';
import { ARTICLES, HTML, corpusConfig, taxonomyOf } from '../feeds/corpus.js';

/** Each feed's folder → fingerprint, as a cached build computes them. */
function fingerprints(articles: Article[] = ARTICLES, config: Config = corpusConfig()): Map<string, string> {
  const planned = planOutputs({
    config,
    published: articles,
    taxonomy: taxonomyOf(articles),
    render: (a) => HTML.get(a.id) ?? `<p>${a.hash}</p>`,
    version: '9.9.9',
    reuse: { fingerprint: feedFingerprint, find: () => undefined },
  });
  return new Map(planned.fingerprints.map((f) => [f.dir.join('/'), f.fingerprint]));
}

test('equal inputs give equal fingerprints in separate builds (fresh items each time)', () => {
  const a = fingerprints();
  const b = fingerprints(ARTICLES.map((x) => ({ ...x })));
  assert.ok(a.size > 3);
  assert.deepEqual(b, a);
  assert.equal(new Set(a.values()).size, a.size, 'feeds with different content have different fingerprints');
});

test('an article whose title, dates or content hash change changes exactly the feeds that hold it', () => {
  const before = fingerprints();
  const [first, ...rest] = ARTICLES;
  assert.ok(first);
  // The feeds that hold it: those a build of this article alone has.
  const holding = new Set(fingerprints([first]).keys());
  assert.ok(holding.size > 1 && holding.size < before.size);
  for (const change of [{ title: `${first.title}!` }, { updated: new Date(first.updated.getTime() + 1000) }, { hash: `${first.hash}-edited` }, { summary: `${first.summary} more` }]) {
    const after = fingerprints([{ ...first, ...change }, ...rest]);
    for (const [dir, fp] of before) {
      if (holding.has(dir)) assert.notEqual(after.get(dir), fp, `${dir} holds the article; ${Object.keys(change).join()} changed`);
      else assert.equal(after.get(dir), fp, `${dir} does not hold the article`);
    }
  }
});

test('a site-wide change (the time zone) changes every feed', () => {
  const before = fingerprints();
  const config = corpusConfig();
  const after = fingerprints(ARTICLES, { ...config, site: { ...config.site, timezone: 'Europe/Paris' } });
  for (const [dir, fp] of before) assert.notEqual(after.get(dir), fp, dir);
});
