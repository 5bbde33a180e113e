import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { useFastData } from './fast-data.js';
import type { SmtpSettings } from './smtp-url.js';

/**
 * A small pool of nodemailer SMTP connections (nodemailer's own SMTPConnection does the
 * protocol). Why not `createTransport({ pool: true })`: its pool gives no hook between
 * "this connection is ready" and `MAIL FROM`, so a rate limiter in front of it is
 * blurred by connection set-up — servers delay greetings (smtp-server by 100 ms,
 * postscreen by seconds), and messages that waited for a new connection arrive in a
 * bunch with the ones sent over warm connections. Here `send` first checks out a ready,
 * logged-in connection and only then asks the gate (the rate limiter) for its slot, so
 * the spacing the limiter enforces is the spacing of transactions the server sees.
 * It also skips nodemailer's MIME layer entirely: the raw message goes straight to DATA.
 */

/** Pool sizing and nodemailer's connection timeouts. */
export interface PoolOptions {
  maxConnections: number;
  /** Messages per connection before it is closed and replaced. */
  maxMessages: number;
  connectionTimeoutMs: number;
  greetingTimeoutMs: number;
  socketTimeoutMs: number;
}

interface Conn {
  smtp: SMTPConnection;
  messages: number;
  broken: boolean;
  /** Counted out of `open` already (discard runs once per connection). */
  released: boolean;
}

/** Thrown when the gate refused a slot (the run is stopping): nothing was sent. */
export class GateClosedError extends Error {
  readonly code = 'EGATECLOSED';
  constructor() {
    super('not sent: the run is stopping');
  }
}

/** Up to `maxConnections` logged-in connections, handed out one transaction at a time. */
export class SmtpPool {
  private idle: Conn[] = [];
  private open = 0;
  private waiters: ((c: Conn | undefined) => void)[] = [];
  private closed = false;

  constructor(
    private readonly settings: SmtpSettings,
    private readonly options: PoolOptions,
  ) {}

  /** Opens (or reuses) a connection and returns it to the pool: checks host and login. */
  async verify(): Promise<void> {
    this.checkin(await this.checkout());
  }

  /**
   * Sends one raw message. `gate` is awaited once the connection is ready, right
   * before `MAIL FROM`; when it returns false nothing is sent (GateClosedError).
   */
  async send(envelope: { from: string; to: string }, raw: string | Buffer, gate?: () => Promise<boolean>): Promise<string> {
    for (let tries = 0; ; tries++) {
      const conn = await this.checkout();
      const reused = conn.messages > 0;
      if (gate && !(await gate())) {
        this.checkin(conn);
        throw new GateClosedError();
      }
      try {
        const info = await new Promise<{ response?: string }>((resolve, reject) =>
          conn.smtp.send({ from: envelope.from, to: [envelope.to] }, raw, (err, result) => (err ? reject(err) : resolve(result ?? {}))),
        );
        conn.messages += 1;
        this.checkin(conn);
        return String(info.response ?? '');
      } catch (err) {
        const e = err as { code?: string; responseCode?: number };
        const fatalToConn = e.responseCode === undefined || e.responseCode === 421 || conn.broken || conn.smtp.destroyed;
        if (fatalToConn) this.discard(conn);
        else await this.resetOrDiscard(conn);
        // A warm connection the server closed while idle fails before MAIL FROM is
        // answered: that was no attempt at all, so try once more on a fresh one.
        if (reused && tries === 0 && e.responseCode === undefined && (e.code === 'ECONNECTION' || e.code === 'ESOCKET')) continue;
        throw err;
      }
    }
  }

  /** Quits every idle connection; connections in use close when checked in. */
  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.idle.splice(0)) this.quit(c);
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  private async checkout(): Promise<Conn> {
    if (this.closed) throw Object.assign(new Error('SMTP pool is closed'), { code: 'ECLOSED' });
    while (this.idle.length > 0) {
      const c = this.idle.pop() as Conn;
      if (!c.broken && !c.smtp.destroyed) return c;
      this.discard(c);
    }
    if (this.open < this.options.maxConnections) {
      this.open += 1;
      try {
        return await this.connect();
      } catch (err) {
        this.open -= 1;
        this.wakeWaiter();
        throw err;
      }
    }
    const c = await new Promise<Conn | undefined>((resolve) => this.waiters.push(resolve));
    if (!c) return this.checkout();
    return c;
  }

  private checkin(c: Conn): void {
    if (this.closed || c.broken || c.messages >= this.options.maxMessages) {
      this.discard(c);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(c);
    else this.idle.push(c);
  }

  private discard(c: Conn): void {
    c.broken = true;
    if (c.released) return;
    c.released = true;
    this.quit(c);
    this.open -= 1;
    this.idle = this.idle.filter((x) => x !== c);
    this.wakeWaiter();
  }

  /** A waiter gets `undefined` and retries checkout, which may now open a connection. */
  private wakeWaiter(): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(undefined);
  }

  private async resetOrDiscard(c: Conn): Promise<void> {
    const ok = await new Promise<boolean>((resolve) => c.smtp.reset((err) => resolve(!err)));
    if (ok) this.checkin(c);
    else this.discard(c);
  }

  private quit(c: Conn): void {
    try {
      c.smtp.quit();
    } catch {
      c.smtp.close();
    }
  }

  private connect(): Promise<Conn> {
    const { host, port, secure, auth } = this.settings;
    const smtp = new SMTPConnection({
      host,
      port,
      secure,
      connectionTimeout: this.options.connectionTimeoutMs,
      greetingTimeout: this.options.greetingTimeoutMs,
      socketTimeout: this.options.socketTimeoutMs,
      logger: false,
    });
    useFastData(smtp);
    const conn: Conn = { smtp, messages: 0, broken: false, released: false };
    return new Promise<Conn>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error): void => {
        conn.broken = true;
        if (!settled) {
          settled = true;
          smtp.close();
          reject(err);
        }
      };
      // Errors after set-up reach the pending send's callback; here they only mark the
      // connection unusable (an idle connection the server timed out, a reset socket).
      smtp.on('error', fail);
      smtp.once('end', () => {
        conn.broken = true;
      });
      smtp.connect((err) => {
        if (err) return fail(err);
        if (!auth) {
          settled = true;
          return resolve(conn);
        }
        smtp.login({ user: auth.user, pass: auth.pass }, (loginErr) => {
          if (loginErr) return fail(loginErr);
          settled = true;
          resolve(conn);
        });
      });
    });
  }
}
