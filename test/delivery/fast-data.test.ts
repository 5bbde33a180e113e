import { test } from 'node:test';
import assert from 'node:assert/strict';
import DataStream from 'nodemailer/lib/smtp-connection/data-stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { simpleParser } from 'mailparser';
import { isCleanChunk, useFastData } from '../../src/delivery/fast-data.js';
import { createSmtpTransport } from '../../src/delivery/smtp-transport.js';
import { parseSmtpUrl } from '../../src/delivery/smtp-url.js';
import { startFaultServer } from './fault-smtp.js';

async function encode(chunks: string[], fast: boolean): Promise<string> {
  const connection = { _createSendStream: () => new DataStream() };
  if (fast) assert.equal(useFastData(connection), true);
  const stream = connection._createSendStream() as DataStream;
  const out: Buffer[] = [];
  stream.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (const c of chunks) stream.write(c);
  stream.end();
  await ended;
  return Buffer.concat(out).toString('latin1');
}

test('clean chunks are recognised; anything needing stuffing or repair is not', () => {
  assert.equal(isCleanChunk(Buffer.from('a: b\r\n\r\nQUJD\r\n'), false), true);
  assert.equal(isCleanChunk(Buffer.from('.a\r\n'), false), false, 'dot at the start');
  assert.equal(isCleanChunk(Buffer.from('a\r\n.b\r\n'), false), false, 'dot after a line end');
  assert.equal(isCleanChunk(Buffer.from('a\nb\r\n'), false), false, 'bare LF');
  assert.equal(isCleanChunk(Buffer.from('a\rb\r\n'), false), false, 'bare CR');
  assert.equal(isCleanChunk(Buffer.from('a\r\nb\r'), false), false, 'CR at the end');
  assert.equal(isCleanChunk(Buffer.from('\nb\r\n'), 0x0d), true, 'LF completing a CR from the last chunk');
  assert.equal(isCleanChunk(Buffer.from('x\r\n'), 0x0d), false, 'CR from the last chunk without its LF');
  assert.equal(isCleanChunk(Buffer.from('.x\r\n'), 0x0a), false, 'dot right after the last chunk ended a line');
});

test('the fast path writes exactly the bytes nodemailer would', async () => {
  const cases: string[][] = [
    ['From: a@example.org\r\nSubject: x\r\n\r\nQUJDREVG\r\nR0hJ\r\n'],
    ['no final newline'],
    ['.leading dot\r\n..two\r\nmid.dle\r\n'],
    ['bare\nLF and bare\rCR\r\n', '.after\r\n'],
    ['split across\r', '\n.chunks\r\n', 'end\r\n'],
    ['ends with LF\r\n', '.next starts with a dot\r\n'],
    [''],
  ];
  for (const chunks of cases) {
    assert.equal(await encode(chunks, true), await encode(chunks, false), JSON.stringify(chunks));
  }
});

test('over SMTP, messages with and without dots at line starts arrive intact', async () => {
  // The hook exists on the installed nodemailer (else the fast path would silently be off).
  assert.equal(useFastData(new SMTPConnection({})), true);
  const server = await startFaultServer();
  const transport = createSmtpTransport(parseSmtpUrl(server.url), { maxConnections: 1 });
  try {
    const clean = 'From: a@example.org\r\nTo: b@example.org\r\nSubject: clean\r\n\r\nline one\r\nline two\r\n';
    const dotted = 'From: a@example.org\r\nTo: b@example.org\r\nSubject: dotted\r\n\r\n.starts with a dot\r\n.\r\nlast\r\n';
    await transport.send({ from: 'a@example.org', to: 'b@example.org' }, clean);
    await transport.send({ from: 'a@example.org', to: 'b@example.org' }, dotted);
    assert.deepEqual(server.accepted.map((m) => m.raw.toString('latin1')), [clean, dotted]);
    const parsed = await simpleParser(server.accepted[1]?.raw ?? Buffer.alloc(0));
    assert.equal(parsed.text, '.starts with a dot\n.\nlast\n');
  } finally {
    await transport.close();
    await server.close();
  }
});
