import { createHash, createPrivateKey, sign as cryptoSign, type KeyObject } from 'node:crypto';

/**
 * DKIM signing (RFC 6376), rsa-sha256 with relaxed/relaxed canonicalization, done
 * synchronously with node:crypto so each assembled message is signed in place without
 * a stream pipeline. The signed headers include both List-Unsubscribe headers, which
 * RFC 8058 §4 requires for one-click unsubscribe to be honoured.
 */

export interface DkimOptions {
  /** Signing domain (`d=`), e.g. `example.org`. */
  domain: string;
  /** Selector (`s=`): the key is published at `SELECTOR._domainkey.DOMAIN`. */
  selector: string;
  /** PEM private key (RSA). */
  privateKey: string | KeyObject;
}

/** Signs one message: returns the `DKIM-Signature: …` header (CRLF-terminated) to prepend. */
export interface DkimSigner {
  sign(message: string, now: Date): string;
}

/** Headers signed when present, in this order (lower case as in `h=`). */
export const DKIM_SIGNED_HEADERS = [
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'reply-to',
  'mime-version',
  'content-type',
  'list-id',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'auto-submitted',
] as const;

/** Creates a signer; throws when the key is not a usable RSA private key. */
export function createDkimSigner(options: DkimOptions): DkimSigner {
  const key = typeof options.privateKey === 'string' ? createPrivateKey(options.privateKey) : options.privateKey;
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`DKIM key must be an RSA private key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  if (!/^[A-Za-z0-9.-]+$/.test(options.domain)) throw new Error(`DKIM domain "${options.domain}" is not a domain name`);
  if (!/^[A-Za-z0-9._-]+$/.test(options.selector)) throw new Error(`DKIM selector "${options.selector}" is not a valid selector`);
  return {
    sign(message, now) {
      const split = message.indexOf('\r\n\r\n');
      const head = split < 0 ? message : message.slice(0, split + 2);
      const body = split < 0 ? '' : message.slice(split + 4);
      const bh = createHash('sha256').update(relaxedBody(body)).digest('base64');
      const fields = parseHeaderFields(head);
      const signed: string[] = [];
      let canonical = '';
      for (const name of DKIM_SIGNED_HEADERS) {
        const field = fields.get(name);
        if (field === undefined) continue;
        signed.push(name);
        canonical += relaxedHeader(field);
      }
      const t = Math.floor(now.getTime() / 1000);
      const unsigned =
        `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${options.domain}; s=${options.selector}; t=${t};\r\n` +
        ` h=${signed.join(':')};\r\n bh=${bh};\r\n b=`;
      // The signature covers the DKIM-Signature header itself with b= empty, no trailing CRLF.
      canonical += relaxedHeader(unsigned).slice(0, -2);
      const b = cryptoSign('sha256', Buffer.from(canonical, 'utf8'), key).toString('base64');
      return `${unsigned}${b.replace(/(.{72})(?=.)/g, '$1\r\n ')}\r\n`;
    },
  };
}

/** Header fields by lower-case name (last occurrence wins, as DKIM signs bottom-up). */
function parseHeaderFields(head: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const field of head.split(/\r\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon > 0) fields.set(field.slice(0, colon).trim().toLowerCase(), field);
  }
  return fields;
}

/** RFC 6376 §3.4.2: lower-case name, unfold, collapse whitespace, trim around the colon. */
export function relaxedHeader(field: string): string {
  const colon = field.indexOf(':');
  const name = field.slice(0, colon).trim().toLowerCase();
  const value = field
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name}:${value}\r\n`;
}

/** RFC 6376 §3.4.4: collapse whitespace, drop it at line ends, drop trailing empty lines. */
export function relaxedBody(body: string): string {
  const out = body.replace(/[ \t]+/g, ' ').replace(/ \r\n/g, '\r\n').replace(/(\r\n)+$/, '');
  return out ? `${out.replace(/ $/, '')}\r\n` : '';
}
