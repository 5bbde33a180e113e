import pg from 'pg';
import { BroadsheetError } from '../errors.js';
import { pgDb } from './postgres-db.js';
import { pgEditionStore } from './postgres-editions.js';
import { pgAssertCurrent, pgMigrate, pgSchemaVersion } from './postgres-schema.js';
import { pgSubscriberStore } from './postgres-subscribers.js';
import { shownStore } from './store-path.js';
import { pgLoad } from './postgres-load.js';
import type { LoadableStore } from './types.js';

export interface PostgresStoreOptions {
  /** Open without writing: no schema is created or migrated; it must exist and be current. */
  readonly?: boolean;
  /** Connections in the pool. Default 4: the send loop has a claim, a result and a read in flight at most. */
  maxConnections?: number;
  /** How long a new connection may take; default CONNECT_TIMEOUT_MS. */
  connectTimeoutMs?: number;
}

/**
 * How long a new connection may take before it is an error. node-postgres waits for the
 * operating system otherwise (minutes for a host that drops packets), and a send or a
 * health check would hang that long instead of saying the database is unreachable.
 */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the PostgreSQL store at `url` (shared by `serve` and the senders on any number
 * of machines) and brings its schema up to date. The pool connects on first use; the
 * first query runs here, so a wrong URL, a refused connection or a missing database is
 * a BroadsheetError now, naming the URL without its password.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<LoadableStore> {
  const shown = shownStore(url);
  // Per-connection settings travel as startup options, not as a first query: nothing
  // races the store's own queries, and they hold from the first statement on. (Options
  // given in the URL take precedence: node-postgres reads the URL last.)
  const readOnly = options.readonly ? ['-c default_transaction_read_only=on'] : [];
  const timeout = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4, application_name: 'broadsheet', connectionTimeoutMillis: timeout, ...startup(readOnly) });
  // An idle connection the server dropped (a restart, a failover) surfaces here; the
  // pool replaces it, and the next query reports anything lasting.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      if (options.readonly) await pgAssertCurrent(client, shown);
      else await pgMigrate(client, shown);
    } finally {
      client.release();
    }
  } catch (err) {
    // Not awaited: a pool whose connection attempt timed out may never report itself ended.
    void pool.end().catch(() => undefined);
    throw err instanceof BroadsheetError ? err : unreachable(err, shown, url);
  }
  // Claims go through connections of their own that commit without waiting for the
  // WAL flush (see PgDb.claim).
  const claims = new pg.Pool({ connectionString: url, max: 2, application_name: 'broadsheet claims', connectionTimeoutMillis: timeout, ...startup(['-c synchronous_commit=off', ...readOnly]) });
  claims.on('error', () => undefined);
  const db = pgDb(pool, claims);
  let closed = false;
  return {
    ...pgSubscriberStore(db),
    ...pgEditionStore(db),
    load: pgLoad(pool, shown),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), claims.end()]);
    },
  };
}

/** Whether Broadsheet's schema exists in the database at `url` (connecting once to look). */
export async function pgStoreExists(url: string): Promise<boolean> {
  // A failing look (no right to read the schema) says what it is, as a failed connection does.
  return withPgClient(url, async (client) => (await pgSchemaVersion(client)) > 0).catch((err: unknown) => {
    throw err instanceof BroadsheetError ? err : unreachable(err, shownStore(url), url);
  });
}

/**
 * Runs `fn` on a connection of its own to `url`, ended afterwards. A connection that
 * cannot be made is StoreUnreachable, naming the URL without its password.
 */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'broadsheet', connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw unreachable(err, shownStore(url), url);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A connection or schema failure, said so a person can act on it; never with the password. */
export function unreachable(err: unknown, shown: string, url: string): BroadsheetError {
  const e = err as { code?: string; message?: string };
  const said = e.code && /^[0-9A-Z]{5}$/.test(e.code) ? `${e.message ?? 'error'} (SQLSTATE ${e.code})` : `${e.message ?? String(err)}`;
  const why = withoutPassword(said, url);
  return new BroadsheetError({
    code: 'StoreUnreachable',
    message: `Cannot open the PostgreSQL store: ${why}`,
    file: shown,
    hint: 'Check BROADSHEET_STORE: the host, port, user and database must exist and accept this connection (the password comes from the URL or PGPASSWORD).',
  });
}

/** `text` with the URL's password (plain or percent-encoded) replaced by `***`. */
function withoutPassword(text: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    return text.split(url).join('(the store URL)');
  }
  if (!password) return text;
  return [password, decodeURIComponent(password)].reduce((t, p) => (p ? t.split(p).join('***') : t), text);
}

/** Server settings for every connection of a pool, as startup options. */
function startup(settings: string[]): { options?: string } {
  return settings.length > 0 ? { options: settings.join(' ') } : {};
}
