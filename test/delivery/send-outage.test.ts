import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '../../src/clock.js';
import { sendEdition } from '../../src/delivery/send-edition.js';
import { startFaultServer } from './fault-smtp.js';
import { countBy, options, smtp, wanted } from './loop.js';
import { delivery, fixture } from './stand-in.js';

/**
 * Provider outages through the send loop, against a real SMTP server that answers 451 to
 * everything for a while and then recovers, with a real SQLite store. The clock runs at
 * real speed from a settable offset, so a test can jump days ahead (the give-up age)
 * while the loop's own waits still pass.
 */
function offsetClock(): Clock & { jump(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), jump: (ms) => (offset += ms) };
}

const DAY = 86_400_000;

test('an outage leaves every delivery pending and stops early; after recovery each is delivered exactly once', async () => {
  const fx = await fixture(40);
  let outage = true;
  let attemptsDuringOutage = 0;
  const server = await startFaultServer({
    rcpt: () => {
      if (!outage) return undefined;
      attemptsDuringOutage += 1;
      return { code: 451, message: '4.3.0 Temporary local problem, try again later' };
    },
  });
  const transport = smtp(server, 4);
  const clock = offsetClock();
  const settings = delivery({ concurrency: 4, retryBaseMs: 1000, retryCapMs: 10_000, outageAfter: 8 });
  try {
    const started = Date.now();
    const startedAt = clock.now().getTime();
    const during = await sendEdition(options(fx, transport, { clock, delivery: settings, random: () => 0.5 }));
    const took = Date.now() - started;
    assert.equal(during.complete, false);
    assert.match(during.stopped ?? '', /refused 8 recipients in a row.*451/);
    // Stopped at the 8th distinct refusal: at most the slots in flight then were tried too.
    assert.ok(attemptsDuringOutage >= 8 && attemptsDuringOutage <= 8 + 4, `the server saw ${attemptsDuringOutage} attempts`);
    assert.ok(took < 5000, `stopped quickly, not after every message's retries (${took} ms)`);
    const editionId = during.editions[0]?.editionId ?? '';
    const counts = await fx.store.countDeliveries(editionId);
    assert.deepEqual([counts.sent, counts.failed, counts.sending, counts.planned], [0, 0, 0, wanted(40).length], 'all pending, none failed');
    assert.equal(during.editions[0]?.remaining, wanted(40).length);
    const groups = await fx.store.pendingByReply(editionId);
    const refused = groups.find((g) => /451/.test(g.lastError ?? ''));
    assert.ok(refused && refused.planned === attemptsDuringOutage, `the refused ones keep the reply: ${JSON.stringify(groups)}`);
    // Back-off with the jitter pinned at 0.5: half the 1 s base after a first refusal.
    assert.ok(refused.nextAttemptAt && refused.nextAttemptAt.getTime() >= startedAt + 500, 'with a retry time set by the back-off');
    const others = groups.filter((g) => g !== refused);
    assert.ok(others.every((g) => g.lastError === null || /^not sent: the run was stopped/.test(g.lastError)), JSON.stringify(others));
    assert.equal(others.reduce((n, g) => n + g.planned, 0), wanted(40).length - attemptsDuringOutage, 'the rest were never sent');

    // The server recovers; the next run (minutes later) delivers everyone exactly once.
    outage = false;
    clock.jump(15 * 60_000);
    const after = await sendEdition(options(fx, transport, { clock, delivery: settings, random: () => 0.5 }));
    assert.equal(after.complete, true, after.stopped);
    const perAddress = countBy(server.accepted, (m) => m.to);
    assert.equal(server.accepted.length, wanted(40).length);
    assert.ok([...perAddress.values()].every((n) => n === 1), 'nobody got two');
    const final = await fx.store.countDeliveries(editionId);
    assert.deepEqual([final.sent, final.failed, final.planned], [wanted(40).length, 0, 0]);
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});

test('a delivery still refused past delivery.give_up_after is failed with its last reply; before that it stays pending', async () => {
  const fx = await fixture(12);
  const seen: string[] = [];
  const server = await startFaultServer({
    rcpt: (address) => {
      seen.push(address);
      return { code: 452, message: '4.2.2 Mailbox full, try again later' };
    },
  });
  const transport = smtp(server, 2);
  const clock = offsetClock();
  const settings = delivery({ concurrency: 2, retryBaseMs: 1000, retryCapMs: 5000, giveUpAfterMs: 3 * DAY, outageAfter: 4 });
  try {
    const first = await sendEdition(options(fx, transport, { clock, delivery: settings, random: () => 0.5 }));
    assert.equal(first.complete, false);
    const editionId = first.editions[0]?.editionId ?? '';

    // Two days on: still inside the give-up age, still refused, still pending.
    clock.jump(2 * DAY);
    const second = await sendEdition(options(fx, transport, { clock, delivery: settings, random: () => 0.5 }));
    assert.equal(second.complete, false);
    assert.equal((await fx.store.countDeliveries(editionId)).failed, 0);

    // Past three days: failed for good, the last reply kept, nothing more tried.
    clock.jump(DAY + 60_000);
    const tried = seen.length;
    const third = await sendEdition(options(fx, transport, { clock, delivery: settings, random: () => 0.5 }));
    assert.equal(third.complete, true, 'nothing is left pending');
    assert.equal(third.editions[0]?.gaveUp, wanted(12).length);
    assert.equal(seen.length, tried, 'no attempt past the give-up age');
    const failed = await fx.store.listDeliveries(editionId, { states: ['failed'] });
    assert.equal(failed.length, wanted(12).length);
    assert.ok(failed.every((d) => /^gave up: not delivered within 3 days[: ]/.test(d.lastError ?? '')), failed.map((d) => d.lastError).join('\n'));
    const withReply = failed.filter((d) => /452 4\.2\.2 Mailbox full/.test(d.lastError ?? ''));
    assert.equal(withReply.length, new Set(seen).size, 'every refused delivery keeps the reply it last had');
    // Not a bounce: nobody is suppressed for the provider's trouble.
    assert.ok((await fx.store.listSubscribers()).every((s) => s.status === 'confirmed' && s.bounces === 0));
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});

test('a server without SMTPUTF8 refusing a non-ASCII address fails that delivery without a bounce strike', async () => {
  const fx = await fixture(3, [
    { email: 'josé@example.net', status: 'confirmed', source: 'import' },
    { email: '用户@example.net', status: 'confirmed', source: 'import' },
    { email: 'gone@example.net', status: 'confirmed', source: 'import' },
  ]);
  const server = await startFaultServer({
    rcpt: (address) => {
      if (address.startsWith('josé')) return { code: 553, message: '5.6.7 SMTPUTF8 is required for this address' };
      if (address.startsWith('用户')) return { code: 500, message: 'strict ASCII mode' };
      if (address.startsWith('gone')) return { code: 550, message: '5.1.1 User unknown' };
      return undefined;
    },
  });
  const transport = smtp(server, 2);
  try {
    const result = await sendEdition(options(fx, transport, { delivery: delivery({ concurrency: 2, maxBounces: 1 }) }));
    assert.equal(result.complete, true);
    assert.equal(result.editions[0]?.bounced, 1, 'only the unknown user is a bounce');
    const failed = await fx.store.listDeliveries(result.editions[0]?.editionId ?? '', { states: ['failed'] });
    const why = new Map(failed.map((d) => [d.email, d.lastError ?? '']));
    assert.match(why.get('josé@example.net') ?? '', /cannot deliver to a non-ASCII address.*553/);
    assert.match(why.get('用户@example.net') ?? '', /cannot deliver to a non-ASCII address.*strict ASCII/);
    const byEmail = new Map((await fx.store.listSubscribers()).map((s) => [s.email, s]));
    for (const email of ['josé@example.net', '用户@example.net']) {
      assert.equal(byEmail.get(email)?.status, 'confirmed', `${email} is not suppressed`);
      assert.equal(byEmail.get(email)?.bounces, 0, `${email} earned no strike`);
    }
    assert.equal(byEmail.get('gone@example.net')?.status, 'bounced', 'a real hard bounce still counts');
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});
