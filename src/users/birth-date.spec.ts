import { birthDateProblem } from './birth-date.js';

describe('birthDateProblem', () => {
  // 2026-12-01 at 11:00 UTC: already 2026-12-02 from UTC+13 on.
  const now = new Date('2026-12-01T11:00:00Z');

  it.each(['1900-01-01', '1985-02-28', '2000-02-29', '2026-12-01', '2026-12-02'])('accepts %s', (day) => {
    expect(birthDateProblem(day, now)).toBeNull();
  });

  it.each(['1985-2-28', '28/02/1985', '1985-02-28T00:00:00Z', '19850228', ' 1985-02-28', ''])(
    'refuses %j as not YYYY-MM-DD',
    (day) => {
      expect(birthDateProblem(day, now)).toBe('format');
    },
  );

  it.each(['1985-02-29', '1985-13-01', '1985-04-31', '1985-00-10'])(
    'refuses %s, a day no calendar has',
    (day) => {
      expect(birthDateProblem(day, now)).toBe('format');
    },
  );

  it('refuses a day that has not begun anywhere on Earth yet, and one before 1900', () => {
    expect(birthDateProblem('2026-12-03', now)).toBe('range');
    expect(birthDateProblem('2030-01-01', now)).toBe('range');
    expect(birthDateProblem('1899-12-31', now)).toBe('range');
  });
});
