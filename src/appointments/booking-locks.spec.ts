import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { bookingLockKey, lockBookingsOf } from './booking-locks.js';

describe('booking locks', () => {
  const doctor = '6f1c2a8e-3d4b-4c5a-9e7f-1a2b3c4d5e6f';
  const patient = '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d';

  it('gives each person a stable signed 64-bit key', () => {
    const key = bookingLockKey(doctor);
    expect(bookingLockKey(doctor)).toBe(key);
    expect(bookingLockKey(patient)).not.toBe(key);
    expect(key >= -(2n ** 63n) && key < 2n ** 63n).toBe(true);
  });

  it('takes one transaction-scoped lock per person, always in key order, whatever the order given', async () => {
    const calls: unknown[][] = [];
    const tx = {
      query: jest.fn((_sql: string, parameters: unknown[]) => {
        calls.push(parameters);
        return Promise.resolve([]);
      }),
    } as unknown as EntityManager;
    const sorted = [bookingLockKey(doctor), bookingLockKey(patient)].sort((a, b) => (a < b ? -1 : 1));

    await lockBookingsOf(tx, [doctor, patient, doctor]);
    await lockBookingsOf(tx, [patient, doctor]);

    const expected = sorted.map((key) => [key.toString()]);
    expect(calls).toEqual([...expected, ...expected]);
    expect(tx.query).toHaveBeenCalledWith('SELECT pg_advisory_xact_lock($1::bigint)', expected[0]);
  });
});
