import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runMain } from '../../src/cli/main.js';
import type { StatusReport } from '../../src/schedule/status-report.js';
import { world, SUBSCRIBERS, type World } from './due-world.js';

/**
 * `broadsheet send --due` end to end: a real config and articles on disk, a real
 * SQLite store, a real SMTP server. The schedule is Mondays 09:00 in Shanghai
 * (01:00 UTC); 2026-11-23, -30 and 12-07, -14 are Mondays.
 */

const recipients = (w: World): string[] => w.smtp.received.flatMap((m) => m.to).sort();
const subjectsAndText = (w: World, from = 0): string[] => w.smtp.received.slice(from).map((m) => `${m.parsed.subject ?? ''}\n${m.parsed.text ?? ''}`);

test('a late trigger sends the edition once; a second trigger sends nothing new', async () => {
  const w = await world();
  try {
    w.addArticle('alpha', 'Alpha arrives', '2026-11-20T10:00:00+08:00');
    w.addArticle('beta', 'Beta follows', '2026-11-22T18:00:00+08:00');
    // Monday 09:00 Shanghai was 01:00 UTC; GitHub ran the workflow five hours late.
    const first = await w.send('2026-11-23T06:00:00Z');
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Edition due for 2026-11-23 09:00 Asia\/Shanghai/);
    assert.deepEqual(recipients(w), SUBSCRIBERS);
    for (const body of subjectsAndText(w)) {
      assert.match(body, /Alpha arrives/);
      assert.match(body, /Beta follows/);
    }
    const editions = await w.editions();
    assert.deepEqual(editions.map((e) => e.scheduledAt.toISOString()), ['2026-11-23T01:00:00.000Z']);
    assert.ok(editions[0]?.completedAt);

    const second = await w.send('2026-11-23T09:00:00Z');
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /exists already; nothing new is due/);
    assert.equal(w.smtp.received.length, 3, 'nobody gets it twice');
    assert.equal((await w.editions()).length, 1);

    // Before the next Monday nothing is due either, even with a new article.
    w.addArticle('gamma', 'Gamma on Thursday', '2026-11-26T10:00:00+08:00');
    const midweek = await w.send('2026-11-27T00:00:00Z');
    assert.equal(midweek.code, 0, midweek.err);
    assert.equal(w.smtp.received.length, 3);
  } finally {
    await w.close();
  }
});

test('after weeks of silence only the latest scheduled edition is created, holding the missed articles', async () => {
  const w = await world();
  try {
    w.addArticle('alpha', 'Alpha arrives', '2026-11-20T10:00:00+08:00');
    assert.equal((await w.send('2026-11-23T01:00:00Z')).code, 0);
    assert.equal(w.smtp.received.length, 3);
    // Articles written while the sender was down for three weeks.
    w.addArticle('delta', 'Delta in December', '2026-12-01T10:00:00+08:00');
    w.addArticle('epsilon', 'Epsilon before the last Monday', '2026-12-10T10:00:00+08:00');
    const back = await w.send('2026-12-16T03:00:00Z');
    assert.equal(back.code, 0, back.err);
    const editions = await w.editions();
    assert.deepEqual(
      editions.map((e) => e.scheduledAt.toISOString()),
      ['2026-12-14T01:00:00.000Z', '2026-11-23T01:00:00.000Z'],
      'Nov 30, Dec 7 were missed and stay missed: no burst',
    );
    assert.equal(w.smtp.received.length, 6);
    for (const body of subjectsAndText(w, 3)) {
      assert.match(body, /Delta in December/);
      assert.match(body, /Epsilon before the last Monday/);
      assert.doesNotMatch(body, /Alpha arrives/, 'an article goes out once');
    }
    // The status agrees: nothing due, the next Monday next.
    const out: string[] = [];
    assert.equal(await runMain(['status', '--json', '--now', '2026-12-16T03:00:00Z'], { cwd: w.dir, env: {}, stdout: (l) => out.push(l), stderr: () => {} }), 0);
    const status = JSON.parse(out.join('\n')) as StatusReport;
    assert.equal(status.lastEdition?.scheduledAt, '2026-12-14T01:00:00.000Z');
    assert.deepEqual(status.lastEdition?.deliveries, { planned: 0, sending: 0, sent: 3, failed: 0, total: 3 });
    assert.equal(status.schedule?.reason, 'already-created');
    assert.equal(status.schedule?.next, '2026-12-21T01:00:00.000Z');
    assert.deepEqual([status.pending, status.failed], [0, 0]);
  } finally {
    await w.close();
  }
});

test('a scheduled time older than the look-back is not sent', async () => {
  const w = await world('  lookback: 2d\n');
  try {
    w.addArticle('alpha', 'Alpha arrives', '2026-11-22T10:00:00+08:00');
    const late = await w.send('2026-11-26T02:00:00Z'); // three days after Monday's time
    assert.equal(late.code, 0, late.err);
    assert.match(late.out, /older than the look-back/);
    assert.equal(w.smtp.received.length, 0);
    assert.deepEqual(await w.editions(), []);
  } finally {
    await w.close();
  }
});

test('a run stopped half-way is finished by the next trigger for the same time, without a new edition', async () => {
  const controller = new AbortController();
  let accepted = 0;
  // SIGTERM arrives while the first message is being accepted.
  const w = await world('', {
    onMessage: () => {
      accepted += 1;
      if (accepted === 1) controller.abort('SIGTERM');
    },
  });
  try {
    w.addArticle('alpha', 'Alpha arrives', '2026-11-20T10:00:00+08:00');
    const first = await w.send('2026-11-23T02:00:00Z', { signal: controller.signal });
    assert.equal(first.code, 75, `deliveries remain: ${first.out}\n${first.err}`);
    const sentFirst = w.smtp.received.length;
    assert.equal(sentFirst, 1, 'the message in flight was finished, no new one started');

    const second = await w.send('2026-11-23T05:00:00Z');
    assert.equal(second.code, 0, second.err);
    assert.match(second.out, /exists already/);
    assert.match(second.out, /Resuming unfinished edition/);
    assert.deepEqual(recipients(w), SUBSCRIBERS, 'everyone exactly once');
    const editions = await w.editions();
    assert.equal(editions.length, 1);
    assert.ok(editions[0]?.completedAt);
  } finally {
    await w.close();
  }
});

test('send --due without digest.schedule is a problem at the config file', async () => {
  const w = await world();
  try {
    const file = path.join(w.dir, 'broadsheet.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('  schedule: "0 9 * * 1"\n', '  subject: "x"\n'));
    const r = await w.send('2026-11-23T02:00:00Z');
    assert.equal(r.code, 1);
    assert.match(r.err, /broadsheet\.yaml:5 .*digest\.schedule/);
    assert.match(r.err, /ScheduleMissing/);
  } finally {
    await w.close();
  }
});
