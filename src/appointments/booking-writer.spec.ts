import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { QueryFailedError, type Repository } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { Appointment, DOCTOR_NO_OVERLAP } from './appointment.entity.js';
import { BookingWriter } from './booking-writer.js';

const config = { dbQueryTimeoutMs: 1000, clinic: { maxUpcomingPerPatient: 5 } } as AppConfig;

function failure(code: string, constraint?: string): QueryFailedError {
  return new QueryFailedError(
    'INSERT INTO "appointments" ...',
    [],
    Object.assign(new Error(code), { code, constraint }),
  );
}

const NOTHING_SEEN = { upcoming: 0, overlapping: false };

/**
 * A writer over a fake database: the early read sees `seen`; inside the transaction the patient has `upcoming`
 * appointments, each save gives the next of `outcomes` (an error, or the row) and a move's locked read gives `row`.
 */
function writerWith(
  fake: {
    seen?: { upcoming: number; overlapping: boolean };
    upcoming?: number;
    outcomes?: (Error | null)[];
    row?: Partial<Appointment>;
    /** A closure or an absence covers the booking. */
    unavailable?: boolean;
  } = {},
) {
  const outcomes = fake.outcomes ?? [];
  const queries: string[] = [];
  const tx = {
    query: jest.fn((sql: string) => {
      const unavailability = sql.includes('AS unavailable');
      queries.push(unavailability ? 'closures or absences?' : sql);
      return Promise.resolve(unavailability ? [{ unavailable: fake.unavailable ?? false }] : []);
    }),
    getRepository: () => ({ count: () => Promise.resolve(fake.upcoming ?? 0) }),
    save: jest.fn((row: Appointment) => {
      const outcome = outcomes.shift();
      return outcome ? Promise.reject(outcome) : Promise.resolve({ ...row, id: 'new-id' });
    }),
    findOne: jest.fn((_entity: unknown, how: { lock?: { mode: string } }) => {
      queries.push(`findOne ${how.lock?.mode}`);
      return Promise.resolve(fake.row ?? null);
    }),
    update: jest.fn(() => {
      queries.push('update');
      return Promise.resolve({ affected: 1 });
    }),
  };
  const appointments = {
    query: () => Promise.resolve([fake.seen ?? NOTHING_SEEN]),
    manager: { transaction: (work: (manager: typeof tx) => Promise<unknown>) => work(tx) },
  } as unknown as Repository<Appointment>;
  return { sut: new BookingWriter(appointments, config), tx, queries };
}

const appointment = Object.assign(new Appointment(), { doctorId: 'doctor-id', patientId: 'patient-id' });

describe('BookingWriter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('locks both people, then writes', async () => {
    const { sut, queries } = writerWith();
    await expect(sut.book(appointment)).resolves.toMatchObject({ id: 'new-id' });
    expect(queries).toEqual([
      'SELECT pg_advisory_xact_lock($1::bigint)',
      'SELECT pg_advisory_xact_lock($1::bigint)',
      'SELECT pg_advisory_xact_lock_shared($1::bigint)',
      'closures or absences?',
    ]);
  });

  it('refuses a booking inside a closure or an absence with 422 DOCTOR_UNAVAILABLE, under the locks, before writing', async () => {
    const { sut, tx, queries } = writerWith({ unavailable: true });
    await expect(sut.book(appointment)).rejects.toEqual(new AppError('DOCTOR_UNAVAILABLE'));
    expect(queries.slice(2)).toEqual([
      'SELECT pg_advisory_xact_lock_shared($1::bigint)',
      'closures or absences?',
    ]);
    expect(tx.save).not.toHaveBeenCalled();
  });

  it('refuses a booking beyond the upcoming limit with 422 UPCOMING_LIMIT_REACHED, before writing', async () => {
    const { sut, tx } = writerWith({ upcoming: 5 });
    await expect(sut.book(appointment)).rejects.toEqual(new AppError('UPCOMING_LIMIT_REACHED'));
    expect(tx.save).not.toHaveBeenCalled();
  });

  it('turns an overlap into 409 APPOINTMENT_CONFLICT', async () => {
    const { sut } = writerWith({ outcomes: [failure('23P01', DOCTOR_NO_OVERLAP)] });
    await expect(sut.book(appointment)).rejects.toEqual(new AppError('APPOINTMENT_CONFLICT'));
  });

  it('runs a booking PostgreSQL aborted as a deadlock again, saying so in the log', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { sut } = writerWith({ outcomes: [failure('40P01'), null] });
    await expect(sut.book(appointment)).resolves.toMatchObject({ id: 'new-id' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('40P01: deadlock');
  });

  it.each([
    [{ upcoming: 5, overlapping: true }, 'UPCOMING_LIMIT_REACHED'],
    [{ upcoming: 0, overlapping: true }, 'APPOINTMENT_CONFLICT'],
  ] as const)(
    'refuses what the committed rows already refuse (%o) in one read, before any transaction',
    async (seen, code) => {
      const { sut, tx, queries } = writerWith({ seen });
      await expect(sut.book(appointment)).rejects.toEqual(new AppError(code));
      expect(queries).toEqual([]);
      expect(tx.save).not.toHaveBeenCalled();
    },
  );

  describe('move', () => {
    const booking = {
      id: 'id',
      doctorId: 'doctor-id',
      patientId: 'patient-id',
      startsAt: new Date(1),
      endsAt: new Date(2),
    };
    const row = { id: 'id', status: 'cancelled' as const };

    it('locks both people, then the row, judges the row as locked, then writes; gives the row as it was', async () => {
      const { sut, tx, queries } = writerWith({ row });
      const recheck = jest.fn();
      await expect(sut.move(booking, { status: 'scheduled' }, recheck)).resolves.toBe(row);
      expect(recheck).toHaveBeenCalledWith(row);
      expect(queries).toEqual([
        'SELECT pg_advisory_xact_lock($1::bigint)',
        'SELECT pg_advisory_xact_lock($1::bigint)',
        'SELECT pg_advisory_xact_lock_shared($1::bigint)',
        'closures or absences?',
        'findOne pessimistic_write',
        'update',
      ]);
      expect(tx.update).toHaveBeenCalledWith(
        Appointment,
        { id: 'id' },
        {
          startsAt: booking.startsAt,
          endsAt: booking.endsAt,
          status: 'scheduled',
        },
      );
    });

    it('writes nothing when the locked row is refused', async () => {
      const { sut, tx } = writerWith({ row });
      const refuse = () => {
        throw new AppError('INVALID_TRANSITION');
      };
      await expect(sut.move(booking, { status: 'scheduled' }, refuse)).rejects.toEqual(
        new AppError('INVALID_TRANSITION'),
      );
      expect(tx.update).not.toHaveBeenCalled();
    });
  });

  it('gives up after three attempts with the database error', async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { sut } = writerWith({ outcomes: [failure('40P01'), failure('40P01'), failure('40001'), null] });
    await expect(sut.book(appointment)).rejects.toMatchObject({ code: '40001' });
  });
});
