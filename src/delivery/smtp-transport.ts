import { SmtpPool } from './smtp-pool.js';
import type { SmtpSettings } from './smtp-url.js';
import { redactSecrets } from './smtp-url.js';
import type { Envelope, SendExtras, SendResult, Transport } from './transport.js';

export interface SmtpTransportOptions {
  /** Connections kept open at once (`delivery.concurrency`). */
  maxConnections: number;
  /** Messages per connection before it is replaced. Default 100. */
  maxMessages?: number;
  /** Socket inactivity timeout in ms (a stuck server becomes a retryable ETIMEDOUT). Default 60 s. */
  socketTimeoutMs?: number;
}

/**
 * SMTP over a pool of nodemailer connections (see smtp-pool.ts), sending finished raw
 * messages: nothing is composed here. Errors keep nodemailer's `responseCode`,
 * `command` and `code` for the retry policy, with any credential scrubbed from their
 * text. The rate gate is applied per transaction, after the connection is ready.
 */
export function createSmtpTransport(settings: SmtpSettings, options: SmtpTransportOptions): Transport {
  const pool = new SmtpPool(settings, {
    maxConnections: options.maxConnections,
    maxMessages: options.maxMessages ?? 100,
    connectionTimeoutMs: 30_000,
    greetingTimeoutMs: 30_000,
    socketTimeoutMs: options.socketTimeoutMs ?? 60_000,
  });
  const secrets = [settings.auth?.pass, settings.auth?.user && settings.auth.pass ? `${settings.auth.user}:${settings.auth.pass}` : undefined];
  const scrub = (err: unknown): unknown => {
    if (err instanceof Error) err.message = redactSecrets(err.message, secrets);
    return err;
  };
  return {
    description: `SMTP ${settings.redacted}`,
    live: true,
    async send(envelope: Envelope, raw: string | Buffer, extras?: SendExtras): Promise<SendResult> {
      try {
        return { response: await pool.send(envelope, raw, extras?.gate) };
      } catch (err) {
        throw scrub(err);
      }
    },
    async verify() {
      try {
        await pool.verify();
      } catch (err) {
        throw scrub(err);
      }
    },
    close: () => pool.close(),
  };
}
