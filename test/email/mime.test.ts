import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { simpleParser } from 'mailparser';
import DKIM from 'nodemailer/lib/dkim';
import { composeMessage, createComposer, messageIdFor, type ComposerOptions, type MessageInput } from '../../src/email/mime.js';
import { createDkimSigner } from '../../src/email/dkim.js';
import { encodeUnstructured, formatListId } from '../../src/email/headers.js';
import { verifyDkim } from './dkim-verify.js';

const options: ComposerOptions = {
  from: { name: '观察 Weekly', address: 'news@example.org' },
  replyTo: { name: 'Editors, "The"', address: 'editors@example.org' },
  listId: formatListId('Example Weekly', 'weekly.example.org'),
  unsubscribeMailto: 'unsubscribe@example.org',
  boundarySeed: 'ed-1',
};

const longChinese = '人工智能战略投资与半导体供应链：二〇二五年第三季度的十个关键变化与展望🚀（附完整数据）';

function message(over: Partial<MessageInput> = {}): MessageInput {
  return {
    to: { name: '张伟', address: 'zhang@example.net' },
    subject: longChinese,
    html: `<p>你好 <a href="https://example.org/a/">文章</a></p>\n${'<p>段落 paragraph 🚀</p>\n'.repeat(200)}`,
    text: `你好\n\n文章 https://example.org/a/\n${'段落 paragraph 🚀\n'.repeat(200)}`,
    messageId: messageIdFor('2025-06-16T0900Z', 'sub-1', 'example.org'),
    unsubscribeUrl: 'https://example.org/unsubscribe?token=abc.def',
    date: new Date('2025-06-16T09:00:05Z'),
    ...over,
  };
}

test('a composed message parses back to the same headers and parts', async () => {
  const raw = composeMessage(options, message());
  const mail = await simpleParser(Buffer.from(raw, 'latin1'));
  assert.equal(mail.subject, longChinese);
  assert.deepEqual(mail.from?.value, [{ name: '观察 Weekly', address: 'news@example.org' }]);
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  assert.deepEqual(to?.value, [{ name: '张伟', address: 'zhang@example.net' }]);
  assert.deepEqual(mail.replyTo?.value, [{ name: 'Editors, "The"', address: 'editors@example.org' }]);
  assert.equal(mail.messageId, message().messageId);
  assert.equal(mail.date?.toISOString(), '2025-06-16T09:00:05.000Z');
  assert.equal(mail.text, message().text);
  assert.equal(mail.html, message().html);
  const list = mail.headers.get('list') as unknown as Record<string, Record<string, string>>;
  assert.deepEqual(list['unsubscribe-post'], { name: 'List-Unsubscribe=One-Click' });
  assert.deepEqual(list.id, { name: 'Example Weekly', id: 'weekly.example.org' });
  assert.deepEqual(list.unsubscribe, { url: 'https://example.org/unsubscribe?token=abc.def', mail: 'unsubscribe@example.org?subject=unsubscribe' });
  assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
  const unsub = /^List-Unsubscribe: (.*(?:\r\n .*)*)/m.exec(raw)?.[1]?.replace(/\r\n /g, ' ');
  assert.equal(unsub, '<https://example.org/unsubscribe?token=abc.def>, <mailto:unsubscribe@example.org?subject=unsubscribe>');
  assert.match(raw, /^List-Id: "?Example Weekly"? <weekly\.example\.org>\r$/m);
  assert.match(raw, /^MIME-Version: 1\.0\r$/m);
});

test('the text part comes first, then HTML, both UTF-8 in multipart/alternative', async () => {
  const raw = composeMessage(options, message());
  const type = /^Content-Type: multipart\/alternative; boundary="([^"]+)"\r$/m.exec(raw);
  assert.ok(type, 'multipart/alternative with a quoted boundary');
  const parts = raw.split(`--${type[1]}`);
  assert.equal(parts.length, 4, 'preamble, two parts, closing');
  assert.match(parts[1] ?? '', /Content-Type: text\/plain; charset=utf-8/);
  assert.match(parts[2] ?? '', /Content-Type: text\/html; charset=utf-8/);
  assert.equal(parts[3], '--\r\n');
});

test('lines end in CRLF, stay within 78 characters, and the message is pure ASCII', () => {
  const raw = composeMessage(options, message({ to: { name: '很长的名字'.repeat(60), address: 'long@example.net' } }));
  assert.ok(!/[^\r]\n/.test(raw), 'no bare LF');
  assert.ok(!/\r(?!\n)/.test(raw), 'no bare CR');
  assert.ok(/^[\x00-\x7f]*$/.test(raw), 'ASCII only');
  const longest = Math.max(...raw.split('\r\n').map((l) => l.length));
  assert.ok(longest <= 78, `longest line ${longest}`);
});

test('encoded words are at most 75 characters and each holds whole UTF-8 characters', () => {
  for (const subject of [longChinese, '🚀'.repeat(40), `é${'a'.repeat(100)}`, 'Plain but =?looks?= encoded']) {
    const encoded = encodeUnstructured(subject);
    const words = encoded.match(/=\?UTF-8\?B\?[^?]*\?=/g) ?? [];
    assert.ok(words.length > 0, subject);
    let joined = '';
    for (const w of words) {
      assert.ok(w.length <= 75, `${w.length}: ${w}`);
      const bytes = Buffer.from(w.slice(10, -2), 'base64');
      // A split character would not round-trip through a strict decoder.
      const decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      joined += decoded;
    }
    assert.equal(joined, subject);
  }
  assert.equal(encodeUnstructured('Weekly digest'), 'Weekly digest');
});

test('Message-IDs are unique per delivery, stable across calls, and valid msg-ids', () => {
  const a = messageIdFor('2025-06-16T09:00:00.000Z', 's1', 'example.org');
  assert.equal(a, messageIdFor('2025-06-16T09:00:00.000Z', 's1', 'example.org'));
  assert.notEqual(a, messageIdFor('2025-06-16T09:00:00.000Z', 's2', 'example.org'));
  assert.notEqual(a, messageIdFor('2025-06-23T09:00:00.000Z', 's1', 'example.org'));
  // Sanitising "a:b" and "a-b" to the same text must not make them collide.
  assert.notEqual(messageIdFor('a:b', 's1', 'x.org'), messageIdFor('a-b', 's1', 'x.org'));
  assert.match(a, /^<[A-Za-z0-9.-]+@example\.org>$/);
});

test('a line break in a per-recipient value is refused (no header injection)', () => {
  assert.throws(() => composeMessage(options, message({ unsubscribeUrl: 'https://x/\r\nBcc: evil@example.com' })));
  const raw = composeMessage(options, message({ subject: 'Hi\r\nBcc: evil@example.com' }));
  assert.ok(!/^Bcc:/m.test(raw));
});

test('List-Id identifiers must be dot-atoms', () => {
  assert.equal(formatListId('News', 'news.example.org'), 'News <news.example.org>');
  assert.throws(() => formatListId('News', 'not a list id'));
  assert.throws(() => formatListId('News', 'nodots'));
});

// --- DKIM, verified here with node:crypto and code independent of the signer ---

function keys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

test('DKIM signatures verify and cover both List-Unsubscribe headers', () => {
  const { privateKey, publicKey } = keys();
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dkim = createDkimSigner({ domain: 'example.org', selector: 'bs2025', privateKey: pem });
  const composer = createComposer({ ...options, dkim });
  const raw = composer.compose(message());
  const result = verifyDkim(raw, publicKey);
  assert.ok(result.ok, 'signature verifies');
  for (const h of ['from', 'to', 'subject', 'date', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post', 'list-id']) {
    assert.ok(result.signed.includes(h), `signs ${h}`);
  }
  // Tampering with a signed header breaks it.
  const tampered = raw.replace(/^List-Unsubscribe-Post: .*$/m, 'List-Unsubscribe-Post: nothing');
  assert.equal(verifyDkim(tampered, publicKey).ok, false);
  // A second key does not verify it.
  assert.equal(verifyDkim(raw, keys().publicKey).ok, false);
});

test('the DKIM body hash matches the one nodemailer computes for the same message', async () => {
  const { privateKey } = keys();
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const unsigned = composeMessage(options, message());
  const ours = createDkimSigner({ domain: 'example.org', selector: 's', privateKey: pem }).sign(unsigned, new Date());
  const signer = new DKIM({ domainName: 'example.org', keySelector: 's', privateKey: pem });
  const chunks: Buffer[] = [];
  for await (const c of signer.sign(unsigned)) chunks.push(c as Buffer);
  const theirs = Buffer.concat(chunks).toString('latin1');
  const bh = (s: string): string | undefined => /bh=([^;]+);/.exec(s.replace(/\r\n[ \t]/g, ''))?.[1];
  assert.ok(bh(theirs));
  assert.equal(bh(ours), bh(theirs));
});
