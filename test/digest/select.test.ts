import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectEdition, planForArticles } from '../../src/digest/select.js';
import { cutSections } from '../../src/digest/cut.js';
import { editionId } from '../../src/digest/edition-id.js';
import { article, config } from './fixtures.js';

const DAY = 86_400_000;
// Monday 2025-06-16 09:00 in Shanghai: a scheduled time of "0 9 * * 1".
const T1 = new Date('2025-06-16T01:00:00Z');
const T2 = new Date(T1.getTime() + 7 * DAY);
const T3 = new Date(T2.getTime() + 7 * DAY);

const titles = (plan: { sections: { title: string; articles: { slug: string }[] }[] }): string[][] =>
  plan.sections.map((s) => [s.title, ...s.articles.map((a) => a.slug)]);

test('a back-dated article added after an edition goes out once, in the next edition', () => {
  const cfg = config();
  const a = article({ slug: 'a', date: new Date(T1.getTime() - 2 * DAY), topics: ['x'] });
  const b = article({ slug: 'b', date: new Date(T1.getTime() - 1 * DAY), topics: ['x'] });
  const e1 = selectEdition([a, b], cfg, { at: T1, held: new Set() });
  assert.deepEqual(e1.articleIds, [b.id, a.id]);

  // C is written after E1 went out but dated before it.
  const c = article({ slug: 'c', date: new Date(T1.getTime() - 3 * DAY), topics: ['x'] });
  const held = new Set(e1.articleIds);
  const e2 = selectEdition([a, b, c], cfg, { at: T2, held });
  assert.deepEqual(e2.articleIds, [c.id], 'the late article is in the next edition, the sent ones are not');

  for (const id of e2.articleIds) held.add(id);
  const e3 = selectEdition([a, b, c], cfg, { at: T3, held });
  assert.deepEqual(e3.articleIds, [], 'nothing is sent twice');
});

test('only articles dated at or before the edition time, not drafts, not expired', () => {
  const cfg = config();
  const due = article({ slug: 'due', date: T1, topics: ['x'] });
  const future = article({ slug: 'future', date: new Date(T1.getTime() + 60_000), topics: ['x'] });
  const draft = article({ slug: 'draft', date: new Date(T1.getTime() - DAY), draft: true, topics: ['x'] });
  const notYet = article({ slug: 'not-yet', date: new Date(T1.getTime() - DAY), publishDate: new Date(T1.getTime() + DAY), topics: ['x'] });
  const expired = article({ slug: 'expired', date: new Date(T1.getTime() - DAY), expiryDate: new Date(T1.getTime() - 1000), topics: ['x'] });
  const plan = selectEdition([due, future, draft, notYet, expired], cfg, { at: T1, held: new Set() });
  assert.deepEqual(plan.articleIds, [due.id]);
});

test('look-back: two schedule periods by default, 14 days without a schedule, digest.lookback when set', () => {
  const at = T1;
  const ages = [1, 3, 10, 13.9, 14.1, 20];
  const articles = ages.map((d) => article({ slug: `d${d}`, date: new Date(at.getTime() - d * DAY) }));
  const pick = (digest: Record<string, unknown>): string[] =>
    selectEdition(articles, config({ digest: { other: 'Other', ...digest } }), { at, held: new Set() }).sections.flatMap((s) => s.articles.map((a) => a.slug));

  assert.deepEqual(pick({ schedule: '0 9 * * 1' }), ['d1', 'd3', 'd10', 'd13.9'], 'weekly: 14 days');
  assert.deepEqual(pick({ schedule: '0 9 * * *' }), ['d1'], 'daily: 2 days');
  assert.deepEqual(pick({}), ['d1', 'd3', 'd10', 'd13.9'], 'no schedule: 14 days');
  assert.deepEqual(pick({ schedule: '0 9 * * *', lookback: '3w' }), ['d1', 'd3', 'd10', 'd13.9', 'd14.1', 'd20'], 'explicit look-back wins');
  assert.deepEqual(pick({ lookback: '36h' }), ['d1']);
  // The "oldest" option (digest --since) replaces the look-back.
  const since = selectEdition(articles, config({ digest: { other: 'Other', lookback: '36h' } }), { at, held: new Set(), oldest: new Date(at.getTime() - 15 * DAY) });
  assert.deepEqual(since.sections[0]?.articles.map((a) => a.slug), ['d1', 'd3', 'd10', 'd13.9', 'd14.1']);
});

test('an article with two topics is held by each section, once in articleIds, whatever digest.duplicates says', () => {
  const both = article({ slug: 'both', date: new Date(T1.getTime() - DAY), topics: ['B topic', 'A topic'] });
  const onlyA = article({ slug: 'only-a', date: new Date(T1.getTime() - 2 * DAY), topics: ['A topic'] });
  const all = selectEdition([both, onlyA], config({ digest: { duplicates: 'all', other: 'Other' } }), { at: T1, held: new Set() });
  assert.deepEqual(titles(all), [
    ['A topic', 'both', 'only-a'],
    ['B topic', 'both'],
  ]);
  assert.deepEqual(all.articleIds, [both.id, onlyA.id]);

  // Which copy a recipient sees depends on the topics they chose, so it is decided when
  // their email is put together (once.ts), not here.
  const first = selectEdition([both, onlyA], config({ digest: { duplicates: 'first', other: 'Other' } }), { at: T1, held: new Set() });
  assert.deepEqual(titles(first), titles(all));
});

test('topic order: digest.topics first, then by article count, ties by name; Other last', () => {
  const mk = (slug: string, topics: string[]): ReturnType<typeof article> => article({ slug, date: new Date(T1.getTime() - DAY), topics });
  const articles = [mk('1', ['small']), mk('2', ['big']), mk('3', ['big']), mk('4', ['zeta']), mk('5', ['alpha']), mk('6', []), mk('7', ['pinned'])];
  const cfg = config({ site: { title: 'T', url: 'https://news.example.org/', language: 'en' }, digest: { topics: ['pinned', 'zeta'], other: 'Elsewhere' } });
  const plan = selectEdition(articles, cfg, { at: T1, held: new Set() });
  assert.deepEqual(
    plan.sections.map((s) => s.title),
    ['pinned', 'zeta', 'big', 'alpha', 'small', 'Elsewhere'],
  );
  assert.equal(plan.sections.at(-1)?.topic, null);

  const dropped = selectEdition(articles, config({ digest: { other: false } }), { at: T1, held: new Set() });
  assert.ok(!dropped.sections.some((s) => s.topic === null), 'other: false leaves topic-less articles out');
  assert.ok(!dropped.articleIds.includes(articles[5]!.id), 'and they are not held by the edition');
});

test('topic spellings that differ in case are one section, titled from the taxonomy and topics.names', () => {
  const a = article({ slug: 'a', date: new Date(T1.getTime() - DAY), topics: ['AI'] });
  const b = article({ slug: 'b', date: new Date(T1.getTime() - 2 * DAY), topics: ['ai'] });
  const plan = selectEdition([a, b], config({ topics: { names: { AI: 'Artificial intelligence' } } }), { at: T1, held: new Set() });
  assert.deepEqual(titles(plan), [['Artificial intelligence', 'a', 'b']]);

  const withTaxonomy = selectEdition([a, b], config(), { at: T1, held: new Set(), topics: [{ name: 'ai', title: 'A.I.', slug: 'ai-slug' }] });
  assert.equal(withTaxonomy.sections[0]?.topic, 'ai');
  assert.equal(withTaxonomy.sections[0]?.title, 'A.I.');
  assert.equal(withTaxonomy.sections[0]?.slug, 'ai-slug');
});

test('per-subscriber cut: chosen topics only, all for no topics, empty when nothing matches', () => {
  const mk = (slug: string, topics: string[]): ReturnType<typeof article> => article({ slug, date: new Date(T1.getTime() - DAY), topics });
  const plan = selectEdition([mk('1', ['C++']), mk('2', ['AI/ML']), mk('3', ['数据']), mk('4', [])], config(), {
    at: T1,
    held: new Set(),
    topics: [{ name: 'C++', title: 'C++', slug: 'cpp' }],
  });
  const names = (idx: number[]): (string | null)[] => idx.map((i) => plan.sections[i]!.topic);
  // zh-CN collation (ties by name) puts Han before Latin.
  assert.deepEqual(names(cutSections(plan.sections, [])), ['数据', 'AI/ML', 'C++', null]);
  assert.deepEqual(names(cutSections(plan.sections, ['ai/ml', '数据'])), ['数据', 'AI/ML'], 'order follows the edition; case-insensitive');
  assert.deepEqual(names(cutSections(plan.sections, ['cpp'])), ['C++'], 'a slug matches too');
  assert.deepEqual(cutSections(plan.sections, ['Rust']), [], 'no match: no email');
});

test('planForArticles regroups exactly the recorded articles', () => {
  const a = article({ slug: 'a', date: new Date(T1.getTime() - 40 * DAY), topics: ['x'] });
  const b = article({ slug: 'b', date: new Date(T1.getTime() - DAY), topics: ['y'] });
  const plan = planForArticles([a.id, 'https://gone.example/'], [a, b], config(), { at: T1, id: 'recorded-id' });
  assert.equal(plan.id, 'recorded-id');
  assert.deepEqual(plan.articleIds, [a.id], 'older than the look-back is kept; deleted ones are skipped');
});

test('edition ids: wall clock in the digest time zone, unique across a repeated DST hour', () => {
  assert.equal(editionId(T1, 'Asia/Shanghai'), '2025-06-16-0900');
  assert.equal(editionId(T1, 'UTC'), '2025-06-16-0100');
  assert.equal(selectEdition([], config({ digest: { timezone: 'Europe/Berlin', other: 'Other' } }), { at: T1, held: new Set() }).id, '2025-06-16-0300');
  // 01:30 happens twice in New York on 2025-11-02.
  const first = editionId(new Date('2025-11-02T05:30:00Z'), 'America/New_York');
  const second = editionId(new Date('2025-11-02T06:30:00Z'), 'America/New_York');
  assert.equal(first, '2025-11-02-0130');
  assert.equal(second, '2025-11-02-0130-b');
});
