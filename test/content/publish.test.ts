import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Article } from '../../src/content/article.js';
import { isPublished } from '../../src/content/publish.js';

const now = new Date('2026-11-28T12:00:00Z');
function a(extra: Partial<Article>): Article {
  const d = new Date('2026-01-01T00:00:00Z');
  return { id: 'u', url: 'u', slug: 's', sourcePath: 's.md', title: 't', date: d, updated: d, draft: false, summary: '', tags: [], topics: [], authors: [], body: '', bodyLine: 1, hash: '', ...extra };
}

test('drafts only with --drafts', () => {
  assert.equal(isPublished(a({ draft: true }), now), false);
  assert.equal(isPublished(a({ draft: true }), now, { drafts: true }), true);
});

test('future date or publishDate only with --future', () => {
  const future = a({ date: new Date('2030-01-01T00:00:00Z') });
  assert.equal(isPublished(future, now), false);
  assert.equal(isPublished(future, now, { future: true }), true);
  const later = a({ publishDate: new Date('2026-11-28T12:00:01Z') });
  assert.equal(isPublished(later, now), false);
  assert.equal(isPublished(a({ publishDate: now }), now), true);
  assert.equal(isPublished(a({ date: now }), now), true);
});

test('expired articles never, even with --future and --drafts', () => {
  assert.equal(isPublished(a({ expiryDate: now }), now, { future: true, drafts: true }), false);
  assert.equal(isPublished(a({ expiryDate: new Date('2026-11-28T12:00:01Z') }), now), true);
});
