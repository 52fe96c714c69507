import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/**
 * Bookings that involve the same person wait for each other: inside the booking's transaction, one
 * transaction-scoped advisory lock per person (the doctor and the patient), always taken in the same order (by key),
 * so two bookings never wait for each other crosswise. A booking that would conflict with another then waits a
 * moment for it and meets its committed row as a 409; without the locks, concurrent conflicting inserts wait for each
 * other inside the two exclusion constraints and deadlock. The constraints stay the invariant; the locks only make
 * contention cheap and ordered. On the embedded engine (one connection) they cost nothing and change nothing.
 */
export async function lockBookingsOf(tx: EntityManager, personIds: string[]): Promise<void> {
  const keys = [...new Set(personIds)].map(bookingLockKey).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [key.toString()]);
  }
}

/** The signed 64-bit advisory-lock key of one person's bookings (a namespace of its own: `booking:`). */
export function bookingLockKey(personId: string): bigint {
  return createHash('sha256').update(`booking:${personId}`).digest().readBigInt64BE(0);
}
