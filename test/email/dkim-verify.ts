import assert from 'node:assert/strict';
import { createHash, verify, type KeyObject } from 'node:crypto';

/**
 * An independent DKIM verifier for tests (rsa-sha256, relaxed/relaxed), written apart
 * from src/email/dkim.ts so a shared mistake cannot make both agree.
 */

function canonHeader(name: string, value: string): string {
  return `${name.toLowerCase()}:${value.split(/\r\n/).join('').split(/[ \t]+/).join(' ').trim()}\r\n`;
}

function canonBody(body: string): string {
  const lines = body.split('\r\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out = lines.map((l) => l.split(/[ \t]+/).join(' ').replace(/ $/, ''));
  while (out.length && out[out.length - 1] === '') out.pop();
  return out.length ? `${out.join('\r\n')}\r\n` : '';
}

export function verifyDkim(raw: string, publicKey: KeyObject): { ok: boolean; bh: string; signed: string[] } {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  const fields = head.split(/\r\n(?=[^ \t])/).map((f) => {
    const i = f.indexOf(':');
    return { name: f.slice(0, i), value: f.slice(i + 1) };
  });
  const sig = fields.find((f) => f.name.toLowerCase() === 'dkim-signature');
  assert.ok(sig, 'has a DKIM-Signature');
  const tags = new Map(sig.value.split(';').map((t) => {
    const i = t.indexOf('=');
    return [t.slice(0, i).trim(), t.slice(i + 1).replace(/\s+/g, '')] as [string, string];
  }));
  assert.equal(tags.get('a'), 'rsa-sha256');
  assert.equal(tags.get('c'), 'relaxed/relaxed');
  const bh = createHash('sha256').update(canonBody(body)).digest('base64');
  const signed = (tags.get('h') ?? '').split(':');
  let data = '';
  for (const name of signed) {
    const f = [...fields].reverse().find((x) => x.name.toLowerCase() === name);
    if (f) data += canonHeader(f.name, f.value);
  }
  const withoutB = sig.value.replace(/b=[^;]*$/, 'b=');
  data += canonHeader('DKIM-Signature', withoutB).slice(0, -2);
  const ok = bh === tags.get('bh') && verify('sha256', Buffer.from(data), publicKey, Buffer.from(tags.get('b') ?? '', 'base64'));
  return { ok, bh, signed };
}

