import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeTimer } from '../delivery/fake-timer.js';
import { parseSchedule, type Schedule } from '../../src/schedule/cron.js';
import { runScheduler, MAX_SLEEP_MS } from '../../src/schedule/scheduler.js';
import type { Clock } from '../../src/clock.js';

function schedule(expression: string, timezone: string): Schedule {
  const r = parseSchedule(expression, timezone);
  if ('error' in r) throw new Error(r.error);
  return r.schedule;
}

/** A wall clock driven by the fake timer, plus an offset a test can jump. */
function fakeWorld(start: string): { timer: FakeTimer; clock: Clock; jump(ms: number): void; sleeps: number[] } {
  const timer = new FakeTimer();
  const base = new Date(start).getTime();
  let offset = 0;
  const sleeps: number[] = [];
  const sleep = timer.sleep.bind(timer);
  timer.sleep = (ms, signal) => {
    sleeps.push(ms);
    return sleep(ms, signal);
  };
  return { timer, clock: { now: () => new Date(base + offset + timer.now()) }, jump: (ms) => (offset += ms), sleeps };
}

const weekly = schedule('0 9 * * 1', 'Asia/Shanghai'); // Mondays 01:00 UTC

test('catches up at start, then wakes exactly at each scheduled time; waits never exceed the cap', async () => {
  const w = fakeWorld('2026-11-25T12:00:00Z'); // a Wednesday
  const controller = new AbortController();
  const runs: string[] = [];
  const waits: (string | undefined)[] = [];
  await w.timer.run(
    runScheduler({
      schedule: weekly,
      clock: w.clock,
      timer: w.timer,
      signal: controller.signal,
      runDue: async (now) => {
        runs.push(now.toISOString());
        if (runs.length === 4) controller.abort('SIGTERM');
      },
      onWait: (next) => waits.push(next?.toISOString()),
    }),
  );
  assert.deepEqual(runs, ['2026-11-25T12:00:00.000Z', '2026-11-30T01:00:00.000Z', '2026-12-07T01:00:00.000Z', '2026-12-14T01:00:00.000Z']);
  assert.deepEqual(waits.slice(0, 3), ['2026-11-30T01:00:00.000Z', '2026-12-07T01:00:00.000Z', '2026-12-14T01:00:00.000Z']);
  const hours = (Date.parse('2026-12-14T01:00:00Z') - Date.parse('2026-11-25T12:00:00Z')) / MAX_SLEEP_MS;
  assert.ok(Math.abs(w.sleeps.length - hours) <= 4, `woke about hourly: ${w.sleeps.length} sleeps over ${hours} h`);
  assert.ok(Math.max(...w.sleeps) <= MAX_SLEEP_MS);
});

test('a wall clock that jumps ahead by weeks gives one run at the wake, not a burst', async () => {
  const w = fakeWorld('2026-11-25T12:00:00Z');
  const controller = new AbortController();
  const runs: string[] = [];
  let jumped = false;
  await w.timer.run(
    runScheduler({
      schedule: weekly,
      clock: w.clock,
      timer: {
        sleep: async (ms, signal) => {
          await w.timer.sleep(ms, signal);
          // The machine sleeps (suspend) for three weeks during the first wait.
          if (!jumped) {
            jumped = true;
            w.jump(21 * 86_400_000);
          }
        },
      },
      signal: controller.signal,
      runDue: async (now) => {
        runs.push(now.toISOString());
        if (runs.length === 3) controller.abort('SIGTERM');
      },
    }),
  );
  // Start, then right after the jump (past three Mondays: one run), then the next Monday.
  assert.equal(runs.length, 3);
  assert.equal(runs[1], '2026-12-16T13:00:00.000Z');
  assert.equal(runs[2], '2026-12-21T01:00:00.000Z');
});

test('SIGTERM during a run: the run in flight finishes, no new one starts, the loop returns', async () => {
  const w = fakeWorld('2026-11-30T00:59:00Z');
  const controller = new AbortController();
  const events: string[] = [];
  await w.timer.run(
    runScheduler({
      schedule: weekly,
      clock: w.clock,
      timer: w.timer,
      signal: controller.signal,
      runDue: async (now) => {
        events.push(`start ${now.toISOString()}`);
        if (now.toISOString() === '2026-11-30T01:00:00.000Z') {
          controller.abort('SIGTERM');
          await w.timer.sleep(30_000); // still sending: not cut short by the signal
        }
        events.push('end');
      },
    }),
  );
  assert.deepEqual(events, ['start 2026-11-30T00:59:00.000Z', 'end', 'start 2026-11-30T01:00:00.000Z', 'end']);
});

test('a failing run, or one that leaves deliveries, is retried soon; then the schedule carries on', async () => {
  const w = fakeWorld('2026-11-29T12:00:00Z');
  const controller = new AbortController();
  const errors: string[] = [];
  const runs: string[] = [];
  await w.timer.run(
    runScheduler({
      schedule: weekly,
      clock: w.clock,
      timer: w.timer,
      signal: controller.signal,
      retryAfterMs: 15 * 60_000,
      runDue: async (now) => {
        runs.push(now.toISOString());
        if (runs.length === 2) throw new Error('SMTP server unreachable');
        if (runs.length === 3) return 'again'; // deliveries remain
        if (runs.length === 5) controller.abort('SIGTERM');
        return 'done';
      },
      onError: (err) => errors.push((err as Error).message),
    }),
  );
  assert.deepEqual(runs, [
    '2026-11-29T12:00:00.000Z',
    '2026-11-30T01:00:00.000Z', // scheduled: throws
    '2026-11-30T01:15:00.000Z', // retry: deliveries remain
    '2026-11-30T01:30:00.000Z', // retry: done
    '2026-12-07T01:00:00.000Z', // back on the schedule
  ]);
  assert.deepEqual(errors, ['SMTP server unreachable']);
});

test('already aborted: nothing runs', async () => {
  const w = fakeWorld('2026-11-29T12:00:00Z');
  const controller = new AbortController();
  controller.abort('SIGTERM');
  let calls = 0;
  await w.timer.run(runScheduler({ schedule: weekly, clock: w.clock, timer: w.timer, signal: controller.signal, runDue: async () => void (calls += 1) }));
  assert.equal(calls, 0);
});
