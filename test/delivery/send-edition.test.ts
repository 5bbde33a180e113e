import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { sendEdition, type SendEvent } from '../../src/delivery/send-edition.js';
import { createSmtpTransport } from '../../src/delivery/smtp-transport.js';
import { parseSmtpUrl } from '../../src/delivery/smtp-url.js';
import { createDkimSigner } from '../../src/email/dkim.js';
import { messageIdFor } from '../../src/email/mime.js';
import { verifyDkim } from '../email/dkim-verify.js';
import { checkMessage } from './check-message.js';
import { startFaultServer, maxPerSecond } from './fault-smtp.js';
import { countBy, options, smtp, wanted } from './loop.js';
import { delivery, fixture, indexOf, message, SECRET, SUBJECT, topicsFor, TOPICS } from './stand-in.js';

test('through 421/451/454 replies and dropped connections, everyone gets exactly one message, only their topics', async () => {
  const fx = await fixture(60);
  const server = await startFaultServer({
    rcpt: (a, n) => (indexOf(a) % 7 === 1 && n === 1 ? { code: 454, message: '4.7.0 Throttled, slow down' } : undefined),
    data: (a, n) => {
      const i = indexOf(a);
      if (i % 7 === 2 && n === 1) return { code: 451, message: '4.3.0 Try again later' };
      if (i % 7 === 3 && n <= 2) return { code: 421, message: '4.4.2 Closing connection' };
      if (i % 7 === 4 && n === 1) return 'drop';
      return undefined;
    },
  });
  const transport = smtp(server);
  try {
    const events: SendEvent[] = [];
    const result = await sendEdition(options(fx, transport, { report: (e) => events.push(e), progressEvery: 10 }));
    assert.equal(result.complete, true, result.stopped);
    const expected = wanted(60);
    const progress = events.filter((e) => e.type === 'progress');
    assert.ok(progress.length >= 5, 'progress is reported as it goes');
    assert.deepEqual(progress.at(-1), { type: 'progress', editionId: result.editions[0]?.editionId, sent: expected.length, failed: 0, retrying: result.editions[0]?.retried, remaining: 0 });
    const perRecipient = countBy(server.accepted, (m) => m.to);
    assert.deepEqual([...perRecipient.keys()].map(indexOf).sort((a, b) => a - b), expected, 'exactly the subscribers with a non-empty cut');
    assert.ok([...perRecipient.values()].every((n) => n === 1), 'each exactly once');
    const outcome = result.editions[0];
    assert.equal(outcome?.sent, expected.length);
    assert.ok((outcome?.retried ?? 0) >= 20, `retried ${outcome?.retried}`);

    const deliveries = await fx.store.listDeliveries(outcome?.editionId ?? '');
    assert.ok(deliveries.every((d) => d.state === 'sent'));
    assert.ok(deliveries.filter((d) => indexOf(d.email) % 7 === 3).every((d) => d.attempts === 3), '421 twice, then sent');
    const edition = await fx.store.getEdition(outcome?.editionId ?? '');
    assert.ok(edition?.completedAt, 'edition completed');

    for (const m of server.accepted) {
      const i = indexOf(m.to);
      const subscriber = await fx.store.findSubscriberByEmail(m.to);
      const d = deliveries.find((x) => x.email === m.to);
      const mail = await checkMessage(m.raw, {
        fromAddress: 'news@example.org',
        to: m.to,
        subject: SUBJECT,
        messageId: d?.messageId ?? '?',
        subscriberId: subscriber?.id ?? '?',
        secret: SECRET,
        listId: 'weekly.example.org',
        unsubscribeBase: 'https://subscribe.example.org/unsubscribe',
      });
      assert.equal(d?.messageId, messageIdFor(outcome?.editionId ?? '', subscriber?.id ?? '', 'example.org'));
      // Restricted to their topics: the article of every other topic is absent.
      const topics = topicsFor(i);
      for (const [k, topic] of TOPICS.entries()) {
        const has = (mail.html || '').includes(`https://example.org/a${k}/`);
        assert.equal(has, topics.length === 0 || topics.includes(topic), `subscriber ${i}, topic ${topic}`);
      }
    }
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});

test('550 rejections are recorded per address as hard bounces and suppress the address', async () => {
  const fx = await fixture(20, [{ email: 'nobody@example.net', topics: [], status: 'confirmed' }]);
  const server = await startFaultServer({
    rcpt: (a) => (a.startsWith('nobody') || indexOf(a) === 4 ? { code: 550, message: '5.1.1 No such user here' } : undefined),
  });
  const transport = smtp(server);
  try {
    const result = await sendEdition(options(fx, transport, { delivery: delivery({ maxBounces: 1 }) }));
    assert.equal(result.complete, true, 'permanent failures do not leave the edition open');
    const outcome = result.editions[0];
    assert.deepEqual([outcome?.failed, outcome?.bounced], [2, 2]);
    const failed = await fx.store.listDeliveries(outcome?.editionId ?? '', { states: ['failed'] });
    assert.deepEqual(failed.map((d) => d.email).sort(), ['nobody@example.net', 'user4@example.net']);
    assert.ok(failed.every((d) => /550/.test(d.lastError ?? '') && d.attempts === 1), 'recorded with the reply, not retried');
    assert.equal((await fx.store.findSubscriberByEmail('nobody@example.net'))?.status, 'bounced');
    assert.equal((await fx.store.findSubscriberByEmail('user4@example.net'))?.bounces, 1);
    assert.equal(server.accepted.length, wanted(20).length - 1);
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});

test('a slow server: in-flight messages never exceed delivery.concurrency', async () => {
  const fx = await fixture(16);
  const server = await startFaultServer({ delayMs: 120 });
  const transport = smtp(server, 3);
  try {
    const result = await sendEdition(options(fx, transport, { delivery: delivery({ concurrency: 3 }) }));
    assert.equal(result.complete, true);
    assert.equal(server.accepted.length, wanted(16).length);
    assert.ok(server.maxConcurrent <= 3, `max concurrent ${server.maxConcurrent}`);
    assert.ok(server.maxConcurrent >= 2, 'and it does send in parallel');
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});

test('delivery.rate is never exceeded in any one-second window, the first included', async () => {
  const fx = await fixture(50);
  const server = await startFaultServer();
  const transport = smtp(server);
  try {
    const started = Date.now();
    const result = await sendEdition(options(fx, transport, { delivery: delivery({ rate: 20 }) }));
    assert.equal(result.complete, true);
    // As the server sees them: transaction starts (MAIL FROM) and acceptances.
    for (const times of [server.accepted.map((m) => m.startedAt), server.accepted.map((m) => m.at)]) {
      assert.equal(times.length, wanted(50).length);
      assert.ok(maxPerSecond(times) <= 20, `${maxPerSecond(times)} in one second`);
      assert.ok(times.filter((t) => t < started + 1000).length <= 20, 'first second');
    }
    // 45 messages at 20/s take over two seconds: the limit is real, not only counted.
    assert.ok(Date.now() - started >= 2000);
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});

test('DKIM-signed messages still verify as the server received them', async () => {
  const fx = await fixture(6);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dkim = createDkimSigner({ domain: 'example.org', selector: 'bs', privateKey });
  const server = await startFaultServer();
  const transport = smtp(server);
  try {
    const result = await sendEdition(options(fx, transport, { message: { ...message, dkim } }));
    assert.equal(result.complete, true);
    assert.equal(server.accepted.length, wanted(6).length);
    for (const m of server.accepted) {
      const check = verifyDkim(m.raw.toString('latin1'), publicKey);
      assert.ok(check.ok, 'signature verifies after SMTP');
      assert.ok(check.signed.includes('list-unsubscribe') && check.signed.includes('list-unsubscribe-post'));
    }
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});

test('a server that never answers DATA times out and the message is retried', async () => {
  const fx = await fixture(8);
  const server = await startFaultServer({ data: (a, n) => (indexOf(a) % 3 === 0 && n === 1 ? 'hang' : undefined) });
  const transport = createSmtpTransport(parseSmtpUrl(server.url), { maxConnections: 4, socketTimeoutMs: 300 });
  try {
    const result = await sendEdition(options(fx, transport));
    assert.equal(result.complete, true, result.stopped);
    const per = countBy(server.accepted, (m) => m.to);
    assert.equal(per.size, wanted(8).length);
    assert.ok([...per.values()].every((n) => n === 1));
    const retried = (await fx.store.listDeliveries(result.editions[0]?.editionId ?? '')).filter((d) => d.attempts > 1);
    assert.ok(retried.length >= 2 && retried.every((d) => /ETIMEDOUT|timeout/i.test(d.lastError ?? '')), retried.map((d) => d.lastError).join('; '));
  } finally {
    await transport.close();
    await server.close();
    await fx.cleanup();
  }
});
