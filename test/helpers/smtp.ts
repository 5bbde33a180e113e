import { SMTPServer, type SMTPServerOptions, type SMTPServerSession, type SMTPServerDataStream } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export interface TestSmtpOptions {
  /** Called for each RCPT TO; throw an Error with responseCode to reject. */
  onRcpt?: (address: string, session: SMTPServerSession) => void;
  /** Called after DATA is read; throw an Error with responseCode to reject the message. */
  onMessage?: (raw: Buffer, session: SMTPServerSession) => void | Promise<void>;
  /** Extra smtp-server options. */
  server?: Partial<SMTPServerOptions>;
}

/** An SMTP error as smtp-server sends it: `new SmtpReply(451, 'try later')`. */
export function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A real SMTP server on 127.0.0.1, port 0, that keeps every message it accepts
 * (parsed with mailparser, an independent parser). Variants fail on purpose
 * through the hooks.
 */
export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      cb(null, { user: auth.username });
    },
    onRcptTo(address, session, cb) {
      try {
        options.onRcpt?.(address.address, session);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    onData(stream: SMTPServerDataStream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void (async () => {
          try {
            await options.onMessage?.(raw, session);
            const parsed = await simpleParser(raw);
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            cb();
          } catch (err) {
            cb(err as Error);
          }
        })();
      });
    },
    ...options.server,
  });
  const port = await listenLocal(server);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Starts `server` on 127.0.0.1 on a free port and gives the port. */
export async function listenLocal(server: SMTPServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.server.address() as AddressInfo).port;
}
