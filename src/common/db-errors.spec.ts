import { QueryFailedError } from 'typeorm';
import { isRetryable, violates } from './db-errors.js';

function pgError(code: string, constraint?: string): QueryFailedError {
  return new QueryFailedError('INSERT ...', [], Object.assign(new Error('pg'), { code, constraint }));
}

describe('database errors', () => {
  it('recognises a violation of one named constraint only', () => {
    expect(
      violates(pgError('23P01', 'appointments_doctor_no_overlap'), 'appointments_doctor_no_overlap'),
    ).toBe(true);
    expect(violates(pgError('23505', 'users_email_active_key'), 'users_email_active_key')).toBe(true);
    expect(
      violates(pgError('23P01', 'appointments_patient_no_overlap'), 'appointments_doctor_no_overlap'),
    ).toBe(false);
    expect(violates(new Error('23P01'), 'appointments_doctor_no_overlap')).toBe(false);
  });

  it('calls deadlocks and serialization failures retryable, nothing else', () => {
    expect(isRetryable(pgError('40P01'))).toBe(true);
    expect(isRetryable(pgError('40001'))).toBe(true);
    expect(isRetryable(pgError('23P01'))).toBe(false);
    expect(isRetryable(new Error('deadlock detected'))).toBe(false);
  });
});
