import { DateTime } from 'luxon';

/** A weekly working interval in the clinic's time zone: weekday 0 = Sunday, times "HH:MM" or "HH:MM:SS". */
export interface WeeklyInterval {
  weekday: number;
  startTime: string;
  endTime: string;
  slotMinutes: number;
}

export interface TimeRange {
  startsAt: Date;
  endsAt: Date;
}

/** The weekday (0 = Sunday) of a calendar date in the zone. */
export function weekdayOf(date: DateTime): number {
  return date.weekday % 7;
}

/**
 * The real instants a day's working intervals cover. A local time is placed on the date in the zone, so on a
 * daylight-saving day 09:00 still means 09:00 on the wall clock, whatever its UTC offset.
 */
export function workingRangesOn(
  date: string,
  hours: WeeklyInterval[],
  zone: string,
): (TimeRange & { slotMinutes: number })[] {
  const day = DateTime.fromISO(date, { zone });
  return hours
    .filter((interval) => interval.weekday === weekdayOf(day))
    .map((interval) => ({
      startsAt: atLocalTime(date, interval.startTime, zone),
      endsAt: atLocalTime(date, interval.endTime, zone),
      slotMinutes: interval.slotMinutes,
    }))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/**
 * Free slots of a day: each working range cut into slotMinutes pieces of real time (so a night that loses or
 * gains an hour has one slot fewer or more), minus slots that overlap a booking or start before `now`.
 */
export function freeSlots(
  date: string,
  hours: WeeklyInterval[],
  booked: TimeRange[],
  zone: string,
  now: Date,
): TimeRange[] {
  const slots: TimeRange[] = [];
  for (const range of workingRangesOn(date, hours, zone)) {
    const step = range.slotMinutes * 60_000;
    for (let start = range.startsAt.getTime(); start + step <= range.endsAt.getTime(); start += step) {
      const slot = { startsAt: new Date(start), endsAt: new Date(start + step) };
      if (slot.startsAt >= now && !booked.some((b) => overlaps(b, slot))) {
        slots.push(slot);
      }
    }
  }
  return slots;
}

/** True when the doctor has no working hours at all, or the range lies inside one interval of its local day. */
export function withinWorkingHours(range: TimeRange, hours: WeeklyInterval[], zone: string): boolean {
  if (hours.length === 0) {
    return true;
  }
  const date = DateTime.fromJSDate(range.startsAt, { zone }).toISODate()!;
  return workingRangesOn(date, hours, zone).some(
    (r) => r.startsAt <= range.startsAt && range.endsAt <= r.endsAt,
  );
}

export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

/** The instant a wall-clock time names on a date in the zone (a time inside a DST gap moves forward). */
export function atLocalTime(date: string, time: string, zone: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone }).toJSDate();
}
