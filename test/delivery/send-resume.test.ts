import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createOutboxTransport } from '../../src/delivery/outbox-transport.js';
import { sendEdition, INTERRUPTED_NOTE } from '../../src/delivery/send-edition.js';
import { createSmtpTransport } from '../../src/delivery/smtp-transport.js';
import { parseSmtpUrl } from '../../src/delivery/smtp-url.js';
import { messageIdFor } from '../../src/email/mime.js';
import { startFaultServer } from './fault-smtp.js';
import { AT, countBy, options, smtp, wanted } from './loop.js';
import { delivery, fixture, message, standInSource, SUBJECT } from './stand-in.js';

test('an abort (SIGTERM) finishes the messages in flight, records them, and a rerun completes exactly once', async () => {
  const fx = await fixture(40);
  const controller = new AbortController();
  const server = await startFaultServer({ delayMs: 30, onAccepted: (n) => n === 8 && controller.abort('SIGTERM') });
  const transport = smtp(server);
  try {
    const first = await sendEdition(options(fx, transport, { signal: controller.signal }));
    assert.equal(first.complete, false);
    assert.match(first.stopped ?? '', /SIGTERM/);
    const id = first.editions[0]?.editionId ?? '';
    const counts = await fx.store.countDeliveries(id);
    assert.equal(counts.sending, 0, 'nothing left in flight');
    assert.equal(counts.sent, server.accepted.length, 'every accepted message is recorded as sent');
    assert.ok(counts.planned > 0, 'deliveries remain for the rerun');
    assert.equal(first.editions[0]?.remaining, counts.planned);

    const second = await sendEdition(options(fx, transport));
    assert.equal(second.complete, true);
    assert.equal(second.editions[0]?.editionId, id, 'resumed the same edition, no second one');
    const per = countBy(server.accepted, (m) => m.to);
    assert.equal(per.size, wanted(40).length);
    assert.ok([...per.values()].every((n) => n === 1), 'nobody twice');
    const third = await sendEdition(options(fx, transport));
    assert.deepEqual(third.editions, [], 'a run after completion sends nothing');
    assert.equal(server.accepted.length, wanted(40).length);
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});

test('crash policy: deliveries left `sending` are sent again once, with the same Message-ID', async () => {
  const fx = await fixture(12);
  const server = await startFaultServer();
  const transport = smtp(server);
  try {
    // What a run killed mid-transaction leaves: an edition, a full plan, two claimed deliveries.
    const source = standInSource();
    const plan = await source.select(AT, new Set());
    const { edition } = await fx.store.createEdition({ id: plan.id, scheduledAt: AT, articleIds: plan.articleIds }, new Date());
    const subs = (await fx.store.listSubscribers()).filter((s) => !s.topics.includes('sports'));
    await fx.store.planDeliveries(edition.id, subs.map((s) => ({ subscriberId: s.id, email: s.email, messageId: messageIdFor(edition.id, s.id, 'example.org') })), new Date());
    for (const s of subs.slice(0, 2)) assert.equal(await fx.store.markSending(edition.id, s.id, new Date()), true);

    const result = await sendEdition(options(fx, transport));
    assert.equal(result.complete, true);
    assert.equal(result.editions[0]?.resent, 2);
    const per = countBy(server.accepted, (m) => m.to);
    assert.equal(per.size, subs.length);
    for (const s of subs.slice(0, 2)) {
      const got = server.accepted.filter((m) => m.to === s.email);
      assert.equal(got.length, 1);
      assert.equal(got[0]?.messageId, messageIdFor(edition.id, s.id, 'example.org'));
      const d = (await fx.store.listDeliveries(edition.id)).find((x) => x.subscriberId === s.id);
      assert.deepEqual([d?.state, d?.attempts], ['sent', 2]);
    }
    assert.ok(INTERRUPTED_NOTE.includes('same Message-ID'));
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});

test('an unreachable server or a rejected sender stops the run without failing anyone', async () => {
  const fx = await fixture(10);
  const closed = await startFaultServer();
  const url = closed.url;
  await closed.close();
  const unreachable = createSmtpTransport(parseSmtpUrl(url), { maxConnections: 2 });
  try {
    const result = await sendEdition(options(fx, unreachable, { delivery: delivery({ maxConnectionFailures: 3, concurrency: 2 }) }));
    assert.equal(result.complete, false);
    assert.match(result.stopped ?? '', /cannot reach the SMTP server/);
    const counts = await fx.store.countDeliveries(result.editions[0]?.editionId ?? '');
    assert.deepEqual([counts.failed, counts.sent, counts.sending], [0, 0, 0]);
    assert.equal(counts.planned, wanted(10).length);
  } finally {
    await unreachable.close();
  }
  const refusing = await startFaultServer({ mailFrom: (a) => (a === 'x@example.org' ? { code: 553, message: '5.7.1 Sender not allowed' } : undefined) });
  const transport = smtp(refusing);
  try {
    const bad = await sendEdition(options(fx, transport, { message: { ...message, from: { address: 'x@example.org' } } }));
    assert.equal(bad.complete, false);
    assert.match(bad.stopped ?? '', /refused us.*553/);
    const counts = await fx.store.countDeliveries(bad.editions[0]?.editionId ?? '');
    assert.deepEqual([counts.failed, counts.sent, counts.sending, counts.planned], [0, 0, 0, wanted(10).length], 'nobody failed or skipped');
    // Fixed, the rerun sends everything.
    const good = await sendEdition(options(fx, transport));
    assert.equal(good.complete, true);
    assert.equal(refusing.accepted.length, wanted(10).length);
  } finally {
    await transport.close();
    await refusing.close();
    await fx.cleanup();
  }
});

test('without SMTP the outbox gets one .eml per delivery, atomically, and a rerun adds none', async () => {
  const fx = await fixture(12);
  const dir = path.join(fx.dir, 'outbox');
  const transport = createOutboxTransport(dir);
  try {
    const result = await sendEdition(options(fx, transport));
    assert.equal(result.complete, true);
    const files = fs.readdirSync(dir);
    assert.equal(files.length, wanted(12).length);
    assert.ok(files.every((f) => f.endsWith('.eml') && !f.startsWith('.')), 'no temp files left');
    const mail = await simpleParser(fs.readFileSync(path.join(dir, files[0] ?? '')));
    assert.equal(mail.subject, SUBJECT);
    await sendEdition(options(fx, transport));
    assert.equal(fs.readdirSync(dir).length, files.length);
  } finally {
    await fx.cleanup();
  }
});

test('someone who unsubscribes between planning and their turn is not mailed', async () => {
  const fx = await fixture(20);
  const controller = new AbortController();
  const server = await startFaultServer({ onAccepted: (n) => n === 3 && controller.abort('SIGINT') });
  const transport = smtp(server, 1);
  try {
    const first = await sendEdition(options(fx, transport, { signal: controller.signal, delivery: delivery({ concurrency: 1 }) }));
    assert.equal(first.complete, false);
    const id = first.editions[0]?.editionId ?? '';
    const pending = await fx.store.listDeliveries(id, { states: ['planned'] });
    const leaving = pending[0];
    assert.ok(leaving, 'someone is still to be mailed');
    await fx.store.setSubscriberStatus(leaving.subscriberId, 'unsubscribed', new Date());
    const second = await sendEdition(options(fx, transport));
    assert.equal(second.complete, true);
    assert.equal(server.accepted.filter((m) => m.to === leaving.email).length, 0, 'not mailed after unsubscribing');
    const row = (await fx.store.listDeliveries(id)).find((d) => d.subscriberId === leaving.subscriberId);
    assert.deepEqual([row?.state, row?.lastError], ['failed', 'skipped: subscriber unsubscribed before sending']);
    assert.equal(server.accepted.length, wanted(20).length - 1);
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});
