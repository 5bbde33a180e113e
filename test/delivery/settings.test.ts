import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configFromObject } from '../../src/config/load.js';
import { deliverySettings, messageSettings } from '../../src/delivery/settings.js';
import { formatAge, retryWindowMs } from '../../src/delivery/pending-policy.js';

const base = {
  site: { title: 'Example Weekly', url: 'https://news.example.org/' },
  newsletter: { from: 'Example <news@example.org>', service_url: 'https://subscribe.example.org/' },
};

test('message settings: List-Id from the site host, Message-ID domain from From, every problem at once', () => {
  const { message, problems } = messageSettings(configFromObject(base), {}, '/');
  assert.deepEqual(problems, []);
  assert.equal(message?.listId, 'Example Weekly <digest.news.example.org>');
  assert.equal(message?.messageIdDomain, 'example.org');
  assert.equal(message?.dkim, undefined);
  const bad = messageSettings(configFromObject({ site: base.site, newsletter: { list_id: 'not valid' } }), { DKIM_SELECTOR: 's1' }, '/');
  assert.deepEqual(bad.problems.map((p) => p.code).sort(), ['DkimIncomplete', 'ListIdInvalid', 'NewsletterFromMissing', 'ServiceUrlMissing']);
});

test('DKIM from the environment: PEM text or a file; a bad key is reported without echoing it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-h4b-dkim-'));
  try {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const file = path.join(dir, 'dkim.pem');
    fs.writeFileSync(file, pem);
    const config = configFromObject(base);
    for (const key of [pem, pem.replace(/\n/g, '\\n'), 'dkim.pem']) {
      const { message, problems } = messageSettings(config, { DKIM_PRIVATE_KEY: key, DKIM_SELECTOR: 'bs2025' }, dir);
      assert.deepEqual(problems, []);
      const signature = message?.dkim?.sign('From: a@example.org\r\nSubject: x\r\n\r\nbody\r\n', new Date());
      assert.match(signature ?? '', /^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=example\.org; s=bs2025;/);
    }
    const bad = messageSettings(config, { DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END PRIVATE KEY-----', DKIM_SELECTOR: 's' }, dir);
    assert.deepEqual(bad.problems.map((p) => p.code), ['DkimKeyInvalid']);
    assert.ok(!JSON.stringify(bad.problems).includes('c2VjcmV0'), 'the key is not echoed');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('delivery settings: retry_delay is seconds, the cap at least ten minutes', () => {
  const d = deliverySettings(configFromObject({ ...base, delivery: { rate: 3, retry_delay: 0.5 } }));
  assert.deepEqual([d.rate, d.concurrency, d.maxAttempts, d.maxBounces, d.retryBaseMs, d.retryCapMs], [3, 5, 5, 3, 500, 600_000]);
});

test('delivery.give_up_after: a duration, three days by default; a bad one is a config error', () => {
  assert.equal(deliverySettings(configFromObject(base)).giveUpAfterMs, 3 * 86_400_000);
  assert.equal(deliverySettings(configFromObject({ ...base, delivery: { give_up_after: '36h' } })).giveUpAfterMs, 36 * 3_600_000);
  assert.equal(deliverySettings(configFromObject({ ...base, delivery: { give_up_after: '90m' } })).giveUpAfterMs, 90 * 60_000);
  assert.throws(() => configFromObject({ ...base, delivery: { give_up_after: 'three days' } }), /give_up_after[\s\S]*duration/);
});

test('one run waits for retries only as long as max_attempts attempts take; ages read as people say them', () => {
  // 5 attempts at a 5 s base: waits of up to 5, 10, 20 and 40 s between them.
  assert.equal(retryWindowMs({ maxAttempts: 5, retryBaseMs: 5000, retryCapMs: 600_000 }), 75_000);
  assert.equal(retryWindowMs({ maxAttempts: 12, retryBaseMs: 5000, retryCapMs: 600_000 }), 5000 * (1 + 2 + 4 + 8 + 16 + 32 + 64) + 600_000 * 4);
  assert.equal(retryWindowMs({ maxAttempts: 1, retryBaseMs: 5000, retryCapMs: 600_000 }), 0);
  assert.deepEqual([formatAge(3 * 86_400_000), formatAge(36 * 3_600_000), formatAge(86_400_000), formatAge(90 * 60_000), formatAge(61_000)], ['3 days', '36 hours', '1 day', '90 minutes', '1 minute']);
});
