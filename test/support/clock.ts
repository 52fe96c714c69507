import { Clock } from '../../src/common/clock.js';

/** Instants for bookings, relative to now: the API refuses the past and counts notice in hours. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** An instant `hours` from now (a fraction or negative too), rounded down to the minute, as ISO-8601 UTC. */
export function inHours(hours: number): string {
  return new Date(Math.floor((Date.now() + hours * HOUR) / MINUTE) * MINUTE).toISOString();
}

/** `iso` moved by `minutes`, as ISO-8601 UTC. */
export function plusMinutes(iso: string, minutes: number): string {
  return new Date(new Date(iso).getTime() + minutes * MINUTE).toISOString();
}

/** A slot of `minutes` starting `hours` from now. */
export function slotAt(hours: number, minutes = 30): { startsAt: string; endsAt: string } {
  const startsAt = inHours(hours);
  return { startsAt, endsAt: plusMinutes(startsAt, minutes) };
}

/** The app's clock, moved by the test: `advance(hours)` and scheduled work (a reminder) comes due at once. */
export class MovableClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(hours: number): void {
    this.offsetMs += hours * HOUR;
  }
}
