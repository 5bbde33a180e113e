import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAtomFeed, parseOpml, parseRssFeed } from 'feedsmith';
import { packageRoot } from '../../src/paths.js';
import { hashTree } from './seed-corpus.js';
import { cli } from './run.js';
import { assertAsciiUrl, assertJsonFeed11, assertNamespacesDeclared, assertWellFormed, parseRfc3339, parseRfc822 } from '../feeds/feed-rules.js';

// `npm run build` on the sample publication (content/ with the repo's broadsheet.yaml),
// written to a temp folder: every feed it makes passes the validator rules.
test('the sample publication builds, and every feed it makes is valid', async (t) => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-sample-'));
  t.after(() => fs.rmSync(out, { recursive: true, force: true }));
  const run = await cli(packageRoot, 'build', '--out', out, '--now', '2026-06-01T00:00:00Z');
  assert.equal(run.code, 0, run.stderr);
  const files = [...hashTree(out).keys()];
  const rssFiles = files.filter((f) => f.endsWith('feed.xml'));
  assert.ok(rssFiles.length >= 5, `feeds: ${rssFiles.join(', ')}`);
  assert.ok(rssFiles.some((f) => f.startsWith('topics/')) && rssFiles.some((f) => f.startsWith('tags/')));
  const opml = parseOpml(fs.readFileSync(path.join(out, 'feeds.opml'), 'utf8'));
  const listed = new Set((opml.body?.outlines ?? []).flatMap((o) => (o.outlines?.length ? o.outlines : [o])).map((o) => o.xmlUrl));
  for (const rel of rssFiles) {
    const dir = rel.slice(0, -'feed.xml'.length);
    const rssText = fs.readFileSync(path.join(out, rel), 'utf8');
    const atomText = fs.readFileSync(path.join(out, dir, 'atom.xml'), 'utf8');
    for (const text of [rssText, atomText]) {
      assertWellFormed(text, rel);
      assertNamespacesDeclared(text);
    }
    const rss = parseRssFeed(rssText);
    const self = rss.atom?.links?.find((l) => l.rel === 'self')?.href;
    assertAsciiUrl(self);
    assert.ok(listed.has(self), `${self} is in feeds.opml`);
    assert.ok((rss.items?.length ?? 0) > 0, `${rel} has items`);
    for (const item of rss.items ?? []) {
      assertAsciiUrl(item.link);
      parseRfc822(item.pubDate ?? '');
      assert.doesNotMatch(item.content?.encoded ?? '', /\[\^|<script|javascript:/);
    }
    for (const e of parseAtomFeed(atomText).entries ?? []) parseRfc3339(e.updated ?? '');
    assertJsonFeed11(JSON.parse(fs.readFileSync(path.join(out, dir, 'feed.json'), 'utf8')) as unknown, self.replace(/feed\.xml$/, 'feed.json'));
  }
});
