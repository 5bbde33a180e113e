import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Envelope, SendExtras, SendResult, Transport } from './transport.js';

/**
 * Writes each message as an `.eml` file instead of sending it (no `SMTP_URL`). Files
 * are written to a temporary name and renamed, so a reader (or a crash) never sees half
 * a message, and a rerun overwrites rather than duplicates: the name is derived from
 * the edition and subscriber ids.
 */
export function createOutboxTransport(dir: string): Transport {
  let made = false;
  return {
    description: `outbox ${dir}`,
    live: false,
    // Writing files is not rate limited: the gate is for SMTP servers.
    async send(_envelope: Envelope, raw: string | Buffer, extras?: SendExtras): Promise<SendResult> {
      const meta = extras?.meta;
      if (!made) {
        await fs.mkdir(dir, { recursive: true });
        made = true;
      }
      const name = meta ? `${safe(meta.editionId)}.${safe(meta.subscriberId)}.eml` : `${createHash('sha256').update(raw).digest('hex').slice(0, 32)}.eml`;
      const file = path.join(dir, name);
      const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
      // UTF-8: identical to ASCII for what the composer writes, and right for an internationalised address.
      await fs.writeFile(temp, raw, 'utf8');
      await fs.rename(temp, file);
      return { response: `written ${name}` };
    },
    async close() {},
  };
}

// Ids are ours (opaque, URL-safe), but a file name must never climb out of the folder.
function safe(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return cleaned.slice(0, 80) || createHash('sha256').update(id).digest('hex').slice(0, 16);
}
