import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { publication } from './publication.js';

// What send prints reads right for one delivery as for many.

test('send counts one delivery in the singular', async () => {
  const p = publication();
  try {
    assert.equal((await p.run(['subscribers', 'add', 'ann@example.org', '--confirmed'])).code, 0);
    const r = await p.run(['send', '--now', '2026-11-23T09:00:00+08:00']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /: 1 delivery recorded \(1 new\)\./);
    assert.doesNotMatch(r.out, /\b1 deliveries\b/);
    assert.doesNotMatch(r.out, /Nobody receives/);
  } finally {
    p.close();
  }
});

test('send with nothing new names the edition time in the digest time zone, as the other lines do', async () => {
  const p = publication();
  try {
    const r = await p.run(['send', '--now', '2020-01-06T09:00:00+08:00']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^No new articles for the edition at 2020-01-06 09:00 Asia\/Shanghai \(2020-01-06T01:00:00Z\): nothing to send\.$/m);
  } finally {
    p.close();
  }
});

test('send says so when an edition reaches none of the subscribers there are, since its articles then count as sent', async () => {
  const p = publication();
  try {
    // A confirmed subscriber whose only topic (from an article after the edition's time)
    // has nothing in this edition, and a pending one.
    fs.writeFileSync(path.join(p.dir, 'content', 'later.md'), '---\ntitle: Later\ndate: 2026-11-23T09:30:00+08:00\nmain_topics: [Science]\n---\n\nLater.\n');
    assert.equal((await p.run(['subscribers', 'add', 'sci@example.org', '--confirmed', '--topics', 'Science'])).code, 0);
    assert.equal((await p.run(['subscribers', 'add', 'pending@example.org'])).code, 0);
    const r = await p.run(['send', '--now', '2026-11-23T09:00:00+08:00']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /: 0 deliveries recorded \(0 new\)\.\n {2}Nobody receives this edition: no confirmed subscriber's topics hold any of its articles.*Its articles count as sent\./);
    assert.doesNotMatch(r.out, /No confirmed subscriber yet/);
  } finally {
    p.close();
  }
});
