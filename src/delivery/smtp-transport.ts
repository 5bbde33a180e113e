import nodemailer from 'nodemailer';
import type { SmtpSettings } from './smtp-url.js';
import { redactSecrets } from './smtp-url.js';
import type { Envelope, SendResult, Transport } from './transport.js';

export interface SmtpTransportOptions {
  /** Connections kept open at once (`delivery.concurrency`). */
  maxConnections: number;
  /** Messages per connection before it is recycled. */
  maxMessages?: number;
  /** Socket inactivity timeout in ms (a stuck server becomes a retryable ETIMEDOUT). */
  socketTimeoutMs?: number;
}

/**
 * SMTP through a pooled nodemailer transport, sending finished raw messages
 * (`{ envelope, raw }`): nodemailer only speaks SMTP here, it composes nothing.
 * Errors keep nodemailer's `responseCode`, `command` and `code` for the retry policy,
 * with any credential scrubbed from their text.
 */
export function createSmtpTransport(settings: SmtpSettings, options: SmtpTransportOptions): Transport {
  const transporter = nodemailer.createTransport({
    pool: true,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.pass } } : {}),
    maxConnections: options.maxConnections,
    maxMessages: options.maxMessages ?? 1000,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    logger: false,
    debug: false,
  });
  const secrets = [settings.auth?.pass, settings.auth?.user && settings.auth.pass ? `${settings.auth.user}:${settings.auth.pass}` : undefined];
  return {
    description: `SMTP ${settings.redacted}`,
    live: true,
    async send(envelope: Envelope, raw: string): Promise<SendResult> {
      try {
        const info = await transporter.sendMail({ envelope: { from: envelope.from, to: [envelope.to] }, raw });
        return { response: String(info.response ?? '') };
      } catch (err) {
        if (err instanceof Error) err.message = redactSecrets(err.message, secrets);
        throw err;
      }
    },
    async close() {
      transporter.close();
    },
  };
}
