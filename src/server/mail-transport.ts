import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';

/**
 * How the service sends its (few) confirmation emails: a tiny `send(message)`
 * interface, so the SMTP transport, the outbox folder and a test's recorder are
 * interchangeable (after nodemailer). Digests have their own pipeline.
 */

export interface ServiceMail {
  from: { name?: string | undefined; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. Auto-Submitted. */
  headers?: Record<string, string>;
}

export interface MailTransport {
  send(message: ServiceMail): Promise<void>;
  close?(): Promise<void> | void;
}

function toNodemailer(message: ServiceMail): SendMailOptions {
  return {
    from: message.from.name ? { name: message.from.name, address: message.from.address } : message.from.address,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers ?? {},
  };
}

/** Sends through the SMTP server of `url` (`smtp://user:pass@host:587`, `smtps://…`). */
export function smtpMailTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transporter.sendMail(toNodemailer(message));
    },
    close() {
      transporter.close();
    },
  };
}

/**
 * Without SMTP: writes each message as an `.eml` file into `dir` and says so through
 * `log` (never a silent no-op). File names hold a time and random part, not the address;
 * a file appears only once complete.
 */
export function outboxMailTransport(dir: string, log: (line: string) => void, now: () => Date = () => new Date()): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await builder.sendMail(toNodemailer(message));
      await fs.mkdir(dir, { recursive: true });
      const stamp = now().toISOString().replace(/[:.]/g, '-');
      const file = path.join(dir, `confirm-${stamp}-${randomBytes(4).toString('hex')}.eml`);
      // Written whole under a temporary name, then renamed: whoever watches the folder
      // (a person, a script, a test) never reads half a message.
      const partial = `${file}.partial`;
      await fs.writeFile(partial, info.message as Buffer, { mode: 0o600 });
      await fs.rename(partial, file);
      log(`SMTP_URL is not set: wrote a confirmation email to ${file}`);
    },
  };
}
