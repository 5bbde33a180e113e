import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { loadContent } from '../../src/content/load-content.js';
import { buildTaxonomy } from '../../src/content/taxonomy.js';
import { renderArticleHtml } from '../../src/markdown/render.js';
import { packageRoot } from '../../src/paths.js';
import { documentText, elements, attr } from '../markdown/dom.js';

// The sample publication in content/ must stay valid and keep showing every feature.
test('the sample publication loads, and shows every feature', async () => {
  const config = loadConfig(path.join(packageRoot, 'broadsheet.yaml'));
  const now = new Date('2026-11-28T00:00:00Z');
  const { all, published } = await loadContent(config, { now });
  assert.ok(all.length >= 10, `${all.length} articles`);
  assert.ok(all.some((a) => a.draft) && !published.some((a) => a.draft), 'a draft, left out');
  assert.ok(all.some((a) => a.date > now) && !published.some((a) => a.date > now), 'a future article, left out');
  assert.ok(all.some((a) => /\p{Script=Han}/u.test(a.title)) && all.some((a) => /^[\x20-\x7e]+$/.test(a.title)), 'Chinese and English');
  const { taxonomy, problems } = buildTaxonomy(published, config);
  assert.deepEqual(problems, []);
  const tagSlugs = taxonomy.tags.map((t) => t.slug);
  for (const s of ['cpp', 'ai-ml', 'node.js', 'hello-world']) assert.ok(tagSlugs.includes(s), s);
  assert.ok(taxonomy.topics.length >= 3);
  for (const a of published) {
    const html = renderArticleHtml(a, config);
    assert.ok(!documentText(html).includes('[^'), `${a.sourcePath}: literal footnote marker`);
    for (const e of elements(html)) {
      for (const name of ['href', 'src']) {
        const v = attr(e, name);
        if (v !== undefined) assert.match(v, /^(https:\/\/|mailto:)[\x21-\x7e]+$/, `${a.sourcePath}: ${name}=${v}`);
      }
    }
  }
});
