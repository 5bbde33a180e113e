import type pg from 'pg';

/**
 * What the PostgreSQL store halves need from a pool: a query, and a transaction that
 * commits when `fn` resolves and rolls back when it throws. READ COMMITTED, with the
 * rows a transaction decides on locked first (SELECT … FOR UPDATE), as each method says.
 */
export interface PgDb {
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  /**
   * One statement, committed without waiting for the WAL flush (a connection with
   * synchronous_commit = off): for claims, which, like the SQLite store's, need not be
   * on disk before the message goes out (a lost claim only re-sends with the same
   * Message-ID, the at-least-once policy for messages in flight). One round trip.
   */
  claim<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
  tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
}

export function pgDb(pool: pg.Pool, claims: pg.Pool = pool): PgDb {
  return {
    query: (sql, values) => pool.query(sql, values),
    claim: (sql, values) => claims.query(sql, values),
    async tx(fn) {
      const client = await pool.connect();
      let broken: unknown;
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: unknown) => {
          broken = e;
        });
        throw err;
      } finally {
        // A connection whose rollback failed is in an unknown state: drop it.
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
  };
}

