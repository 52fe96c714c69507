import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { TimeRange } from '../appointments/schedule.js';

/**
 * The advisory-lock key of the clinic's closures. A booking holds it shared (bookings never wait for each other on
 * it); creating a closure holds it exclusively, so it waits for the bookings in flight and the next ones wait for
 * it: a booking either committed before the closure (and is in its `affected` list) or sees the closure and is
 * refused. A doctor's absence takes that doctor's booking lock instead (booking-locks.ts).
 */
export const CLOSURES_LOCK_KEY = createHash('sha256')
  .update('closures')
  .digest()
  .readBigInt64BE(0)
  .toString();

/** Inside a booking's transaction, after its person locks: waits for a closure being made, then lets it be seen. */
export async function holdClosuresShared(tx: EntityManager): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock_shared($1::bigint)', [CLOSURES_LOCK_KEY]);
}

/** Whether the doctor is away, or the clinic closed, at any moment of the range. */
export async function isUnavailable(tx: EntityManager, doctorId: string, range: TimeRange): Promise<boolean> {
  const [{ unavailable }]: { unavailable: boolean }[] = await tx.query(
    `SELECT EXISTS (SELECT 1 FROM clinic_closures
                     WHERE tstzrange(starts_at, ends_at) && tstzrange($2, $3))
         OR EXISTS (SELECT 1 FROM doctor_absences
                     WHERE doctor_id = $1 AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)) AS unavailable`,
    [doctorId, range.startsAt, range.endsAt],
  );
  return unavailable;
}

/** The closures and the doctor's absences that touch [from, to): no slot is offered inside them. */
export async function unavailableRanges(
  db: EntityManager,
  doctorId: string,
  from: Date,
  to: Date,
): Promise<TimeRange[]> {
  const rows: { starts_at: Date; ends_at: Date }[] = await db.query(
    `SELECT starts_at, ends_at FROM clinic_closures WHERE tstzrange(starts_at, ends_at) && tstzrange($2, $3)
     UNION ALL
     SELECT starts_at, ends_at FROM doctor_absences
      WHERE doctor_id = $1 AND tstzrange(starts_at, ends_at) && tstzrange($2, $3)`,
    [doctorId, from, to],
  );
  return rows.map((row) => ({ startsAt: new Date(row.starts_at), endsAt: new Date(row.ends_at) }));
}
