import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Socket } from 'node:net';
import { listenLocal } from '../helpers/smtp.js';

/** A reply the server gives on purpose. */
export interface Reply {
  code: number;
  message: string;
}

/**
 * Fault rules, decided per address and attempt (1 = the first time the server sees that
 * address at that stage), so runs are deterministic whatever the timing.
 */
export interface FaultRules {
  mailFrom?: (address: string) => Reply | undefined;
  rcpt?: (address: string, attempt: number) => Reply | undefined;
  /** `drop`: the connection is destroyed in the middle of DATA; `hang`: DATA is never answered. */
  data?: (address: string, attempt: number) => Reply | 'drop' | 'hang' | undefined;
  /** Milliseconds before the server answers DATA (a slow server). */
  delayMs?: number;
  /** Called with each accepted message (e.g. to kill the sender after N). */
  onAccepted?: (count: number) => void;
}

export interface Accepted {
  to: string;
  raw: Buffer;
  messageId: string;
  /** Date.now() when the server accepted it. */
  at: number;
  /** Date.now() when the transaction started (MAIL FROM). */
  startedAt: number;
}

export interface FaultServer {
  port: number;
  url: string;
  accepted: Accepted[];
  /** Most DATA transactions open at the same time. */
  maxConcurrent: number;
  close(): Promise<void>;
}

const replyError = (r: Reply): Error => Object.assign(new Error(r.message), { responseCode: r.code });

/** A real smtp-server on 127.0.0.1:0 that fails on purpose by the rules given. */
export async function startFaultServer(rules: FaultRules = {}): Promise<FaultServer> {
  const accepted: Accepted[] = [];
  const rcptSeen = new Map<string, number>();
  const dataSeen = new Map<string, number>();
  const state = { open: 0, maxConcurrent: 0 };
  const bump = (m: Map<string, number>, k: string): number => {
    const n = (m.get(k) ?? 0) + 1;
    m.set(k, n);
    return n;
  };
  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 200,
    // No reverse DNS per connection: its latency would blur the timing the rate test reads.
    disableReverseLookup: true,
    onAuth(auth, _session, cb) {
      cb(null, { user: auth.username });
    },
    onMailFrom(address, session, cb) {
      (session as unknown as { startedAt: number }).startedAt = Date.now();
      const r = rules.mailFrom?.(address.address);
      cb(r ? replyError(r) : undefined);
    },
    onRcptTo(address, _session, cb) {
      const r = rules.rcpt?.(address.address.toLowerCase(), bump(rcptSeen, address.address.toLowerCase()));
      cb(r ? replyError(r) : undefined);
    },
    onData(stream: SMTPServerDataStream, session, cb) {
      const to = (session.envelope.rcptTo[0]?.address ?? '').toLowerCase();
      const rule = rules.data?.(to, bump(dataSeen, to));
      state.open += 1;
      state.maxConcurrent = Math.max(state.maxConcurrent, state.open);
      if (rule === 'drop') {
        stream.once('data', () => {
          state.open -= 1;
          const conn = [...(server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections].find((c) => c.id === session.id);
          conn?._socket.destroy();
        });
        stream.resume();
        return;
      }
      if (rule === 'hang') {
        stream.resume();
        stream.on('end', () => {
          state.open -= 1; // read it all, then never answer: the client must time out
        });
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        setTimeout(() => {
          state.open -= 1;
          if (rule) return cb(replyError(rule));
          const raw = Buffer.concat(chunks);
          const head = raw.subarray(0, raw.indexOf('\r\n\r\n')).toString('latin1');
          const messageId = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '';
          accepted.push({ to, raw, messageId, at: Date.now(), startedAt: (session as unknown as { startedAt: number }).startedAt });
          cb(null);
          rules.onAccepted?.(accepted.length);
        }, rules.delayMs ?? 0);
      });
    },
  });
  server.on('error', () => {
    // Dropped connections raise socket errors on the server too; they are the point here.
  });
  const port = await listenLocal(server);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    get maxConcurrent() {
      return state.maxConcurrent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of (server as unknown as { connections: Set<{ _socket: Socket }> }).connections) c._socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The largest number of timestamps in any half-open window [t, t + 1000). */
export function maxPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] as number) - (sorted[j] as number) >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
