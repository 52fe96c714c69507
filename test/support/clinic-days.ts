import { DateTime } from 'luxon';

/** The clinic's zone in the tests (CLINIC_TIMEZONE's default). */
const ZONE = 'Europe/Madrid';

/** The calendar day `days` from today in the clinic's zone, YYYY-MM-DD. */
export function clinicDay(days: number): string {
  return DateTime.now().setZone(ZONE).plus({ days }).toISODate()!;
}

/** The instant of a wall-clock time on a clinic day, ISO-8601 UTC. */
export function clinicTime(day: string, time: string): string {
  return DateTime.fromISO(`${day}T${time}`, { zone: ZONE }).toUTC().toISO()!;
}

/** `iso` plus `minutes`, ISO-8601 UTC. */
export function later(iso: string, minutes: number): string {
  return DateTime.fromISO(iso).plus({ minutes }).toUTC().toISO()!;
}

/** Working hours on every day of the week, 09:00 to 12:00 in 30-minute slots (6 slots a day). */
export const EVERY_MORNING = Array.from({ length: 7 }, (_, weekday) => ({
  weekday,
  start: '09:00',
  end: '12:00',
  slotMinutes: 30,
}));
