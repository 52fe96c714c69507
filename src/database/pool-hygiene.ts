import type { Pool, PoolClient } from 'pg';

/** Why a connection handed back to the pool may serve nobody else, or null when it is clean. */
export function unfitForReuse(client: PoolClient): string | null {
  switch (client.getTransactionStatus()) {
    case 'T':
      return 'inside an open transaction';
    case 'E':
      return 'inside a failed transaction';
    case 'I':
    case null:
      // pg sets readyForQuery only when the server has answered the last query in full.
      return (client as PoolClient & { readyForQuery?: boolean }).readyForQuery
        ? null
        : 'with a query still running';
  }
}

/**
 * A connection handed back inside a transaction (open or failed) or with a query still running is closed, never
 * reused. That is what a timeout leaves: pg answers "Query read timeout" but keeps the connection, the queued
 * ROLLBACK times out in turn and is dropped, and TypeORM releases the connection as if nothing happened; the next
 * request would then run inside that transaction (500 "current transaction is aborted", or a COMMIT of the write
 * that was answered 503). Closing the socket makes PostgreSQL roll the transaction back.
 */
export function dropUnfitConnections(pool: Pool, warn: (message: string) => void): void {
  pool.on('release', (err, client) => {
    // Released with an error: the pool removes it itself.
    const reason = err ? null : unfitForReuse(client);
    if (reason) {
      warn(`a database connection came back ${reason}: closed instead of reused`);
      // end() marks the client as ending at once, so the pool removes it right after this event.
      void client.end();
    }
  });
}
