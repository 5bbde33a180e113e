import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Cron } from 'croner';
import { parse } from 'yaml';
import { packageRoot } from '../../src/paths.js';
import { world } from './due-world.js';

/**
 * Three weeks of GitHub behaving like GitHub: the newsletter workflow's own cron
 * lines, with runs dropped, delayed by hours, doubled, and a nine-day outage. Every
 * run is a real `send --due` against one SQLite store and one SMTP server. The
 * schedule asks for exactly the Mondays that had a run before the next Monday;
 * each goes out once to each subscriber, and every article exactly once.
 */

const DAY = 86_400_000;

function workflowCrons(): string[] {
  const wf = parse(fs.readFileSync(path.join(packageRoot, '.github/workflows/newsletter.yml'), 'utf8')) as { on: { schedule: { cron: string }[] }; jobs: { keepalive: { if: string } } };
  const keepalive = /'([^']+)'/.exec(wf.jobs.keepalive.if)?.[1];
  return wf.on.schedule.map((s) => s.cron).filter((c) => c !== keepalive);
}

test('triggers late, doubled, dropped and after an outage send exactly the due editions, once each', async () => {
  const start = Date.parse('2026-11-22T16:00:00Z');
  const end = Date.parse('2026-12-14T06:00:00Z');
  // The workflow's ticks in the window, as GitHub would schedule them.
  const ticks: number[] = [];
  for (const expr of workflowCrons()) {
    const cron = new Cron(expr, { timezone: 'UTC', paused: true, mode: '5-part' });
    for (let t = cron.nextRun(new Date(start)); t && t.getTime() < end; t = cron.nextRun(t)) ticks.push(t.getTime());
  }
  ticks.sort((a, b) => a - b);
  const outage = [Date.parse('2026-11-29T00:00:00Z'), Date.parse('2026-12-08T02:00:00Z')];
  const runs: number[] = [];
  ticks.forEach((t, i) => {
    if (t >= outage[0]! && t < outage[1]!) return; // Actions down, or the workflow disabled
    if (i % 5 === 0) return; // dropped
    const late = i % 3 === 0 ? 2.5 * 3_600_000 : 0; // started hours late
    runs.push(t + late);
    if (i % 7 === 0) runs.push(t + late + 60_000); // a double run (a manual dispatch)
  });
  runs.sort((a, b) => a - b);
  assert.ok(runs.length > 60, `${runs.length} runs`);

  const w = await world();
  try {
    // One article a day at noon Shanghai time, from Nov 16 to Dec 13.
    const titles: string[] = [];
    for (let d = Date.parse('2026-11-16T04:00:00Z'); d <= Date.parse('2026-12-13T04:00:00Z'); d += DAY) {
      const day = new Date(d).toISOString().slice(0, 10);
      const title = `Daily note ${day}`;
      titles.push(title);
      w.addArticle(`note-${day}`, title, `${day}T12:00:00+08:00`);
    }
    for (const t of runs) {
      const r = await w.send(new Date(t).toISOString());
      assert.equal(r.code, 0, `run at ${new Date(t).toISOString()}: ${r.out}\n${r.err}`);
    }

    const editions = await w.editions();
    assert.deepEqual(
      editions.map((e) => e.scheduledAt.toISOString()).sort(),
      // Nov 30 fell in the outage and is never sent on its own; Dec 7 went out late, after it.
      ['2026-11-23T01:00:00.000Z', '2026-12-07T01:00:00.000Z', '2026-12-14T01:00:00.000Z'],
    );
    assert.ok(editions.every((e) => e.completedAt));

    const byRecipient = new Map<string, string[]>();
    for (const m of w.smtp.received) for (const to of m.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), m.parsed.text ?? '']);
    assert.equal(byRecipient.size, 3);
    for (const [to, texts] of byRecipient) {
      assert.equal(texts.length, 3, `${to} got one message per edition`);
      for (const title of titles) {
        const times = texts.filter((t) => t.includes(title)).length;
        assert.equal(times, 1, `${to} got "${title}" ${times} times`);
      }
    }
    const ids = w.smtp.received.map((m) => m.parsed.messageId);
    assert.equal(new Set(ids).size, ids.length, 'no message sent twice');
  } finally {
    await w.close();
  }
});
