import { DateTime } from 'luxon';
import { atLocalTime, freeSlots, withinWorkingHours, workingRangesOn } from './schedule.js';

const ZONE = 'Europe/Madrid';
const monday = { weekday: 1, startTime: '09:00', endTime: '11:00', slotMinutes: 30 };
const longAgo = new Date('2000-01-01T00:00:00Z');

/** The instant as the clinic's wall clock reads it, e.g. 2026-11-23T09:00:00.000+01:00. */
const toZonedIso = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toISO()!;

describe('schedule', () => {
  it('cuts a working interval into slots in the clinic time zone', () => {
    const sut = freeSlots('2026-11-23', [monday], [], ZONE, longAgo);
    expect(sut.map((s) => toZonedIso(s.startsAt, ZONE))).toEqual([
      '2026-11-23T09:00:00.000+01:00',
      '2026-11-23T09:30:00.000+01:00',
      '2026-11-23T10:00:00.000+01:00',
      '2026-11-23T10:30:00.000+01:00',
    ]);
    expect(sut[3].endsAt.toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('has no slots on a day without working hours', () => {
    expect(freeSlots('2026-11-24', [monday], [], ZONE, longAgo)).toEqual([]);
  });

  it('removes slots that overlap a booking, even partly', () => {
    const booked = [{ startsAt: new Date('2026-11-23T08:45:00Z'), endsAt: new Date('2026-11-23T09:10:00Z') }];
    const sut = freeSlots('2026-11-23', [monday], booked, ZONE, longAgo);
    expect(sut.map((s) => toZonedIso(s.startsAt, ZONE).slice(11, 16))).toEqual(['09:00', '10:30']);
  });

  it('removes slots that start before now', () => {
    const now = new Date('2026-11-23T09:15:00Z');
    const sut = freeSlots('2026-11-23', [monday], [], ZONE, now);
    expect(sut.map((s) => toZonedIso(s.startsAt, ZONE).slice(11, 16))).toEqual(['10:30']);
  });

  it('keeps wall-clock hours on the day summer time starts (UTC+1 -> UTC+2)', () => {
    const sunday = { weekday: 0, startTime: '09:00', endTime: '10:00', slotMinutes: 30 };
    const before = freeSlots('2026-03-22', [sunday], [], ZONE, longAgo);
    const change = freeSlots('2026-03-29', [sunday], [], ZONE, longAgo);
    expect(before.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-03-22T08:00:00.000Z',
      '2026-03-22T08:30:00.000Z',
    ]);
    expect(change.map((s) => s.startsAt.toISOString())).toEqual([
      '2026-03-29T07:00:00.000Z',
      '2026-03-29T07:30:00.000Z',
    ]);
  });

  it('counts real time across the change: a night interval has one hour less in spring and one more in autumn', () => {
    const night = { weekday: 0, startTime: '00:00', endTime: '04:00', slotMinutes: 60 };
    expect(freeSlots('2026-03-29', [night], [], ZONE, longAgo)).toHaveLength(3);
    expect(freeSlots('2026-10-25', [night], [], ZONE, longAgo)).toHaveLength(5);
    expect(freeSlots('2026-11-01', [night], [], ZONE, longAgo)).toHaveLength(4);
  });

  it('tells whether a range lies inside the working hours of its day', () => {
    const inside = {
      startsAt: atLocalTime('2026-11-23', '09:30', ZONE),
      endsAt: atLocalTime('2026-11-23', '10:15', ZONE),
    };
    const spills = {
      startsAt: atLocalTime('2026-11-23', '10:45', ZONE),
      endsAt: atLocalTime('2026-11-23', '11:15', ZONE),
    };
    const tuesday = {
      startsAt: atLocalTime('2026-11-24', '09:30', ZONE),
      endsAt: atLocalTime('2026-11-24', '10:00', ZONE),
    };
    expect(withinWorkingHours(inside, [monday], ZONE)).toBe(true);
    expect(withinWorkingHours(spills, [monday], ZONE)).toBe(false);
    expect(withinWorkingHours(tuesday, [monday], ZONE)).toBe(false);
    expect(withinWorkingHours(tuesday, [], ZONE)).toBe(true);
  });

  it('orders the day’s ranges by start', () => {
    const afternoon = { weekday: 1, startTime: '16:00', endTime: '18:00', slotMinutes: 60 };
    const sut = workingRangesOn('2026-11-23', [afternoon, monday], ZONE);
    expect(sut.map((r) => r.startsAt.toISOString())).toEqual([
      '2026-11-23T08:00:00.000Z',
      '2026-11-23T15:00:00.000Z',
    ]);
  });
});
