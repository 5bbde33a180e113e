import pg from 'pg';
import { BroadsheetError } from '../errors.js';
import { CONNECT_TIMEOUT_MS, unreachable, withPgClient } from './postgres.js';
import { shownStore } from './store-path.js';
import type { SendLockHolder } from '../delivery/send-lock.js';

/** Any fixed number: the advisory lock that says "a send is running on this database". */
const SEND_LOCK = 0x62737364; // 'bssd'

/**
 * One sender per PostgreSQL store at a time, across machines: a session-level advisory
 * lock held on a connection of its own for the whole run. The crash policy re-sends
 * deliveries found `sending`, which is only right when the run that claimed them is
 * dead; PostgreSQL drops the lock the moment that run's connection ends (exit, kill -9,
 * a lost machine once the server notices the dead connection), so there is no stale lock
 * to clean up. Gives the release function.
 */
export async function acquirePostgresSendLock(url: string, onLost: (why: string) => void = () => undefined): Promise<() => Promise<void>> {
  const shown = shownStore(url);
  const client = new pg.Client({ connectionString: url, application_name: 'broadsheet send lock', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // The lock lives and dies with this connection. The store's own pool reconnects after
  // a restart or a failover and the run could go on, no longer holding the lock, beside
  // a sender that took it meanwhile: so a lost connection is reported, and the caller
  // stops the run (its deliveries in flight finish; a rerun resumes).
  let releasing = false;
  let lost = false;
  const lose = (why: string): void => {
    if (releasing || lost) return;
    lost = true;
    onLost(why);
  };
  client.on('error', (err) => lose(`the send lock's connection failed (${err.message})`));
  client.on('end', () => lose("the send lock's connection ended"));
  try {
    await client.connect();
  } catch (err) {
    throw unreachable(err, shown, url);
  }
  let held = false;
  let holder: SendLockHolder | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [SEND_LOCK]);
    held = rows[0]?.locked === true;
    // Refused: say who holds it, asked on this same connection.
    if (!held) holder = await holderOf(client).catch(() => undefined);
  } finally {
    if (!held) await client.end().catch(() => undefined);
  }
  if (!held) {
    const who = holder ? ` (${holder.holder}, connected since ${holder.since.toISOString()})` : '';
    throw new BroadsheetError({
      code: 'SendRunning',
      message: `Another "broadsheet send"${who} is sending from this store`,
      file: shown,
      hint: 'Wait for it to finish. The lock is released when that run ends or its connection drops.',
    });
  }
  return async () => {
    releasing = true;
    if (lost) return;
    await client.query('SELECT pg_advisory_unlock($1)', [SEND_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  };
}

/** Who holds the PostgreSQL store's send lock (the session holding the advisory lock); undefined when nobody does. */
export async function postgresSendLockHolder(url: string): Promise<SendLockHolder | undefined> {
  return withPgClient(url, holderOf);
}

async function holderOf(client: pg.ClientBase): Promise<SendLockHolder | undefined> {
  const { rows } = await client.query<{ addr: string | null; since: Date }>(
    `SELECT host(a.client_addr) AS addr, a.backend_start AS since
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1 AND l.granted
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
     LIMIT 1`,
    [SEND_LOCK],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { holder: row.addr ? `a connection from ${row.addr}` : 'a local connection', since: row.since };
}
