import { DateTime } from 'luxon';

/** Nobody alive was born earlier; an earlier date is a typo. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/**
 * Why a birth date is refused: `format` (not YYYY-MM-DD, or a day no calendar has), `range` (before 1900, or a day
 * that has not begun anywhere yet), else null. "Today" is today in UTC+14, the earliest time zone, so a baby born
 * today is never refused, whatever the patient's or the clinic's zone.
 */
export function birthDateProblem(value: string, now = new Date()): 'format' | 'range' | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value, { zone: 'utc' }).isValid) {
    return 'format';
  }
  const latest = DateTime.fromJSDate(now).setZone('UTC+14').toISODate()!;
  // Both are YYYY-MM-DD, so comparing the texts compares the days.
  return value < EARLIEST_BIRTH_DATE || value > latest ? 'range' : null;
}
