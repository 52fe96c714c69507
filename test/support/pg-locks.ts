import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

/** How many sessions of `db`'s database wait on a lock (a row, an advisory lock) right now. */
export async function lockWaiters(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ waiting: number }>(
    `SELECT count(*)::int AS waiting FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0].waiting;
}

/**
 * Resolves once at least `count` sessions wait on a lock: however long the requests take to get there on a busy
 * machine (the test's timeout bounds the wait, so a request that never queues fails the test as a hang).
 */
export async function untilLockWaiters(db: pg.Client, count: number): Promise<void> {
  while ((await lockWaiters(db)) < count) {
    await sleep(20);
  }
}
