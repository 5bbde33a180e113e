/**
 * The transport contract (after nodemailer's: a tiny `send`), so the SMTP transport and
 * the outbox are interchangeable and tests can pass their own. A transport receives a
 * finished raw message; it never composes one.
 */

/** SMTP envelope: the return path and the one recipient of a delivery. */
export interface Envelope {
  from: string;
  to: string;
}

/** Which delivery a message is (the outbox names its files after it). */
export interface MessageMeta {
  editionId: string;
  subscriberId: string;
  messageId: string;
}

export interface SendExtras {
  meta?: MessageMeta | undefined;
  /**
   * The rate limiter's slot: awaited by a rate-limited transport right before the
   * transaction starts (after connecting); false means "do not send" (the run stops).
   */
  gate?: (() => Promise<boolean>) | undefined;
}

export interface SendResult {
  /** The server's final reply (e.g. `250 OK queued`), or where the message was written. */
  response: string;
}

export interface Transport {
  /** Shown to the operator, e.g. `SMTP smtp://mail.example.org:587` (never credentials). */
  readonly description: string;
  /** True when messages really leave (SMTP), false for the outbox. */
  readonly live: boolean;
  /** `raw` is the whole message: a string is sent as UTF-8, a Buffer as it is. */
  send(envelope: Envelope, raw: string | Buffer, extras?: SendExtras): Promise<SendResult>;
  /**
   * Checks the transport works (SMTP: connect, greeting, login) before any delivery is
   * claimed, so bad credentials or an unreachable server stop the run up front.
   */
  verify?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A failed send, carrying what the retry policy needs, in nodemailer's terms:
 * `responseCode` (e.g. 451, 550), `command` (`RCPT TO`, `DATA`, `CONN`…) and `code`
 * (`ECONNREFUSED`, `ETIMEDOUT`, `EENVELOPE`…).
 */
export interface TransportFailure {
  message: string;
  responseCode?: number | undefined;
  command?: string | undefined;
  code?: string | undefined;
}

/** Reads the failure fields off anything thrown by a transport. */
export function toTransportFailure(err: unknown): TransportFailure {
  if (typeof err !== 'object' || err === null) return { message: String(err) };
  const e = err as { message?: unknown; responseCode?: unknown; command?: unknown; code?: unknown; originalCode?: unknown };
  const failure: TransportFailure = { message: typeof e.message === 'string' ? e.message : String(err) };
  if (typeof e.responseCode === 'number') failure.responseCode = e.responseCode;
  if (typeof e.command === 'string') failure.command = e.command;
  // nodemailer keeps the system error (ECONNREFUSED…) as originalCode when it re-labels it.
  const code = typeof e.originalCode === 'string' ? e.originalCode : e.code;
  if (typeof code === 'string') failure.code = code;
  return failure;
}
