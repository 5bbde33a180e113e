import assert from 'node:assert/strict';
import { simpleParser, type ParsedMail } from 'mailparser';
import { verifyToken } from '../../src/email/tokens.js';

export interface Expected {
  fromAddress: string;
  to: string;
  subject: string;
  messageId: string;
  subscriberId: string;
  secret: string;
  /** Expected List-Id identifier (inside the angle brackets). */
  listId: string;
  /** Base of the unsubscribe URL, e.g. `https://subscribe.example.org/unsubscribe`. */
  unsubscribeBase: string;
}

/**
 * The checks of issue item 4 on one raw message, with mailparser as the independent
 * parser: headers, parts and their order, encodings, one-click unsubscribe, links.
 */
export async function checkMessage(raw: Buffer, e: Expected): Promise<ParsedMail> {
  const text = raw.toString('latin1');
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'CRLF line ends only');
  assert.ok(text.split('\r\n').every((l) => l.length <= 998), 'no line over 998 characters');
  const mail = await simpleParser(raw);
  assert.equal(mail.from?.value[0]?.address, e.fromAddress);
  const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
  assert.equal(to?.value[0]?.address, e.to);
  assert.equal(mail.subject, e.subject, 'subject decoded');
  assert.match(head, /^Subject: =\?UTF-8\?B\?/m, 'non-ASCII subject in encoded words');
  assert.ok(mail.date instanceof Date && !Number.isNaN(mail.date.getTime()), 'Date parses');
  assert.match(head, /^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/m, 'RFC 5322 date');
  assert.equal(mail.messageId, e.messageId, 'Message-ID as planned');
  // One-click unsubscribe (RFC 8058) with a token that verifies for this subscriber.
  const list = mail.headers.get('list') as unknown as Record<string, Record<string, string> | undefined>;
  const unsubscribeUrl = list.unsubscribe?.url ?? '';
  assert.ok(unsubscribeUrl.startsWith(`${e.unsubscribeBase}?token=`), `List-Unsubscribe ${unsubscribeUrl}`);
  const token = new URL(unsubscribeUrl).searchParams.get('token') ?? '';
  const verified = verifyToken(e.secret, token, 'unsubscribe', new Date());
  assert.ok(verified.ok && verified.claims.subscriber === e.subscriberId, 'unsubscribe token names the subscriber');
  assert.deepEqual(list['unsubscribe-post'], { name: 'List-Unsubscribe=One-Click' });
  assert.equal(list.id?.id, e.listId, 'List-Id identifier');
  assert.match(head, new RegExp(`^List-Id: .*<${e.listId.replace(/\./g, '\\.')}>$`, 'm'), 'List-Id in RFC 2919 form');
  assert.equal(mail.headers.get('auto-submitted'), 'auto-generated');
  // multipart/alternative: text/plain first, then text/html, both UTF-8.
  const boundary = /boundary="([^"]+)"/.exec(head)?.[1];
  assert.ok(boundary && /^Content-Type: multipart\/alternative;/m.test(head), 'multipart/alternative');
  const parts = text.split(`--${boundary}`);
  assert.match(parts[1] ?? '', /^\r\nContent-Type: text\/plain; charset=utf-8/, 'text part first');
  assert.match(parts[2] ?? '', /^\r\nContent-Type: text\/html; charset=utf-8/, 'html part second');
  assert.ok(mail.text && mail.html, 'both parts decode');
  // Every link in the HTML is absolute.
  for (const [, href] of (mail.html || '').matchAll(/href="([^"]*)"/g)) {
    assert.match(href ?? '', /^(https?:|mailto:)/, `absolute link ${href}`);
  }
  return mail;
}
