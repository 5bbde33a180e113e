import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { fastYaml } from '../../src/content/fast-yaml.js';
import { fastValidate } from '../../src/content/fast-validate.js';
import { frontMatterSchema } from '../../src/content/front-matter-schema.js';
import { resolveAliases } from '../../src/content/field-aliases.js';
import { DEFAULT_DATE_FROM, DEFAULT_UPDATED_FROM } from '../../src/config/schema.js';
import { seededPick } from '../helpers/random.js';

// Front matter as Jekyll, Eleventy, Hugo and Astro write it, held to the reference
// paths: the fast YAML reader against `yaml`, and the fast validator against the
// schema, after the aliases are resolved (which both see).

const LINES = [
  'date: 2025-01-29 18:15:32 +0530',
  'date: 2013-5-6 9:00:00 -4',
  "pubDate: 'Jul 08 2022'",
  'pubDate: Jul 08 2022',
  'pubDate: July 8, 2022',
  'updatedDate: "July 8, 2024"',
  'published: false',
  'published: true',
  'heroImage: /blog-placeholder-3.jpg',
  "heroImage: '../../assets/blog-placeholder-1.jpg'",
  'category: community',
  'tags: another tag',
  'excerpt: "Forty people, one projector."',
  'featured_image: /img/x.png',
  'images: [/one.png, /two.png]',
  'eleventyExcludeFromCollections: true',
  'headless: true',
  'layout: post',
];

test('generator-shaped YAML: the fast reader gives what yaml gives, or defers', () => {
  const rand = seededPick(20);
  let answered = 0;
  for (let round = 0; round < 1500; round++) {
    const used = new Set<string>();
    const lines = ['title: "A post"'];
    for (let i = 0; i < 1 + rand(5); i++) {
      const line = LINES[rand(LINES.length)] as string;
      const key = line.slice(0, line.indexOf(':'));
      if (used.has(key) || key === 'title') continue;
      used.add(key);
      lines.push(line);
    }
    const source = `${lines.join('\n')}\n`;
    const fast = fastYaml(source, 2);
    if (!fast) continue;
    answered++;
    const ref = parseDocument(source, { uniqueKeys: true, schema: 'core', version: '1.2' });
    assert.deepEqual(ref.errors, [], source);
    assert.deepEqual(fast.data, ref.toJS(), source);
  }
  assert.ok(answered > 1000, `the fast reader answered only ${answered} times`);
});

const POOL: Record<string, unknown[]> = {
  title: ['A post', ' padded ', ''],
  date: ['2025-01-29 18:15:32 +0530', 'Jul 08 2022', 'July 8, 2022', '2013-5-6 9:00:00 -4', 'someday', undefined, null],
  pubDate: ['Jul 08 2022', '8 July 2022', 'nope'],
  publishDate: ['2025-06-16'],
  published: [false, true, '2020-01-02', 'not a date'],
  updatedDate: ['July 8, 2024', 'later'],
  modified: ['2024-01-01'],
  category: ['community', ['a', 'b'], 3],
  categories: ['Notes', ['News', 'community']],
  tag: ['one'],
  tags: ['another tag', ['x', 'y']],
  heroImage: ['/hero.jpg', ''],
  cover: [{ image: 'cover.jpg' }, { alt: 'x' }],
  images: [['/one.png'], []],
  featured_image: ['/f.png'],
  excerpt: ['Short.', 4],
  summary: ['S'],
};

test('randomised generator front matter: whenever the fast validator answers, the schema answers the same', () => {
  const keys = Object.keys(POOL);
  const rand = seededPick(21);
  let answered = 0;
  const files = ['a.md', '2016-10-06-a.md', 'posts/2020-02-02-b/index.md'];
  for (let round = 0; round < 4000; round++) {
    const data: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === 'title' ? rand(10) > 0 : rand(4) === 0) {
        const values = POOL[key] ?? [];
        const v = values[rand(values.length)];
        if (v !== undefined) data[key] = v;
      }
    }
    const file = files[rand(files.length)] as string;
    const tz = ['UTC', 'Asia/Kolkata', 'America/Los_Angeles'][rand(3)] as string;
    const resolved = resolveAliases(data, file, { date: DEFAULT_DATE_FROM, updated: DEFAULT_UPDATED_FROM }, file, () => 1);
    const fast = fastValidate(resolved.data, tz);
    if (!fast) continue;
    answered++;
    const zod = frontMatterSchema(tz).safeParse(resolved.data);
    assert.ok(zod.success, `fast path accepted what the schema rejects: ${JSON.stringify(resolved.data)}`);
    assert.deepEqual(fast, zod.data, JSON.stringify(resolved.data));
  }
  assert.ok(answered > 200, `the fast validator answered only ${answered} times`);
});
