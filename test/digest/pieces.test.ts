import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { selectEdition } from '../../src/digest/select.js';
import { prepareEdition } from '../../src/digest/prepare.js';
import type { Recipient } from '../../src/digest/types.js';
import { bodyText } from '../../src/email/base64-body.js';
import { createDkimSigner } from '../../src/email/dkim.js';
import { formatListId } from '../../src/email/headers.js';
import { createComposer, messageIdFor, type ComposerOptions } from '../../src/email/mime.js';
import { config, corpus } from './fixtures.js';

const AT = new Date('2025-06-16T01:00:00Z');
const TOPIC_CHOICES = [[], ['C++'], ['人工智能战略投资', 'Node.js'], ['AI/ML', '数据驱动AI发展', '科技人才与竞争'], ['no such topic']];

/** Recipients whose names and addresses shift the personal text by every byte count. */
function recipients(n: number): Recipient[] {
  return Array.from({ length: n }, (_, i) => ({
    email: `${'r'.repeat(i % 61)}${i}@例子.example.com`,
    name: i % 4 === 0 ? null : `${'é'.repeat(i % 23)}读者 ${'<&>'.slice(0, i % 4)}${i}`,
    topics: TOPIC_CHOICES[i % TOPIC_CHOICES.length] as string[],
    unsubscribeUrl: `https://subscribe.example.org/unsubscribe?token=${'a'.repeat(i % 57)}.x&y="${i}"`,
    preferencesUrl: `https://subscribe.example.org/preferences?token=${i}`,
  }));
}

async function edition() {
  const cfg = config();
  const r = await prepareEdition(selectEdition(corpus(30), cfg, { at: AT, held: new Set() }), cfg, { validation: 'strict' });
  assert.ok(r.piecesFor, 'prepareEdition offers the send loop its pieces');
  return r;
}

function composerOptions(webUrl: string): ComposerOptions {
  return {
    from: { name: '纸上谈兵', address: 'digest@news.example.org' },
    replyTo: { address: 'editors@news.example.org' },
    listId: formatListId('纸上谈兵 Broadsheet', 'digest.news.example.org'),
    unsubscribeMailto: 'unsubscribe@news.example.org',
    archiveUrl: webUrl,
    boundarySeed: '2025-06-16T0100Z',
  };
}

test('piecesFor joins to exactly what renderFor assembles, for every cut and name', async () => {
  const r = await edition();
  let compared = 0;
  for (const rec of recipients(120)) {
    const whole = r.renderFor(rec);
    const pieces = r.piecesFor?.(rec) ?? null;
    if (whole === null) {
      assert.equal(pieces, null, 'an empty cut is null on both paths');
      continue;
    }
    assert.ok(pieces);
    assert.equal(pieces.subject, whole.subject);
    assert.equal(bodyText(pieces.html), whole.html);
    assert.equal(bodyText(pieces.text), whole.text);
    compared += 1;
  }
  assert.ok(compared >= 90, `most recipients have a non-empty cut (${compared})`);
});

test('composeBytes writes the same bytes as compose, and mailparser reads the same parts', async () => {
  const r = await edition();
  const composer = createComposer(composerOptions(r.webUrl));
  const date = new Date('2025-06-16T01:00:07Z');
  let parsed = 0;
  for (const [i, rec] of recipients(180).entries()) {
    const whole = r.renderFor(rec);
    const pieces = r.piecesFor?.(rec);
    if (!whole || !pieces) continue;
    const head = { to: { name: rec.name, address: rec.email }, messageId: messageIdFor('ed', `s${i}`, 'news.example.org'), unsubscribeUrl: rec.unsubscribeUrl, date };
    const expected = Buffer.from(composer.compose({ ...head, subject: whole.subject, html: whole.html, text: whole.text }), 'utf8');
    const got = composer.composeBytes({ ...head, subject: pieces.subject, html: pieces.html, text: pieces.text });
    assert.ok(got.equals(expected), `recipient ${i}: the bytes differ`);
    if (i % 30 === 1) {
      const mail = await simpleParser(got);
      assert.equal(mail.html, whole.html);
      assert.equal(mail.text, whole.text);
      parsed += 1;
    }
  }
  assert.ok(parsed >= 4);
});

test('with DKIM, composeBytes signs the same message compose signs', async () => {
  const r = await edition();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const dkim = createDkimSigner({ domain: 'news.example.org', selector: 'bs', privateKey });
  const composer = createComposer({ ...composerOptions(r.webUrl), dkim });
  const rec = recipients(3)[1] as Recipient;
  const whole = r.renderFor(rec);
  const pieces = r.piecesFor?.(rec);
  assert.ok(whole && pieces);
  const head = { to: { name: rec.name, address: rec.email }, messageId: '<a.b@news.example.org>', unsubscribeUrl: rec.unsubscribeUrl, date: new Date('2025-06-16T01:00:07Z') };
  const expected = composer.compose({ ...head, subject: whole.subject, html: whole.html, text: whole.text });
  assert.match(expected, /^DKIM-Signature: /);
  assert.equal(composer.composeBytes({ ...head, subject: pieces.subject, html: pieces.html, text: pieces.text }).toString('utf8'), expected);
});
