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

/** A writer over a fake database: each transaction's save gives the next outcome (an error, or the row). */
function writerWith(upcoming: number, ...outcomes: (Error | null)[]) {
  const queries: string[] = [];
  const tx = {
    query: jest.fn((sql: string) => {
      queries.push(sql);
      return Promise.resolve([]);
    }),
    getRepository: () => ({ count: () => Promise.resolve(upcoming) }),
    save: jest.fn((row: Appointment) => {
      const outcome = outcomes.shift();
      return outcome ? Promise.reject(outcome) : Promise.resolve({ ...row, id: 'new-id' });
    }),
  };
  const appointments = {
    manager: { transaction: (work: (manager: typeof tx) => Promise<unknown>) => work(tx) },
  } as unknown as Repository<Appointment>;
  return { sut: new BookingWriter(appointments, config), tx, queries };
}

const appointment = Object.assign(new Appointment(), { doctorId: 'doctor-id', patientId: 'patient-id' });

describe('BookingWriter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('locks both people, then writes', async () => {
    const { sut, queries } = writerWith(0, null);
    await expect(sut.save(appointment)).resolves.toMatchObject({ id: 'new-id' });
    expect(queries).toEqual([
      'SELECT pg_advisory_xact_lock($1::bigint)',
      'SELECT pg_advisory_xact_lock($1::bigint)',
    ]);
  });

  it('refuses a booking beyond the upcoming limit with 422 UPCOMING_LIMIT_REACHED, before writing', async () => {
    const { sut, tx } = writerWith(5, null);
    await expect(sut.save(appointment)).rejects.toEqual(new AppError('UPCOMING_LIMIT_REACHED'));
    expect(tx.save).not.toHaveBeenCalled();
  });

  it('turns an overlap into 409 APPOINTMENT_CONFLICT', async () => {
    const { sut } = writerWith(0, failure('23P01', DOCTOR_NO_OVERLAP));
    await expect(sut.save(appointment)).rejects.toEqual(new AppError('APPOINTMENT_CONFLICT'));
  });

  it('runs a booking PostgreSQL aborted as a deadlock again, saying so in the log', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { sut } = writerWith(0, failure('40P01'), null);
    await expect(sut.save(appointment)).resolves.toMatchObject({ id: 'new-id' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain('40P01: deadlock');
  });

  it('gives up after three attempts with the database error', async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { sut } = writerWith(0, failure('40P01'), failure('40P01'), failure('40001'), null);
    await expect(sut.save(appointment)).rejects.toMatchObject({ code: '40001' });
  });
});
