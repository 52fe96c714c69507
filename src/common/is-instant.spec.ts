import { isInstant } from './is-instant.js';

describe('isInstant', () => {
  it.each([
    '2026-12-07T10:00:00+01:00',
    '2026-12-07T10:00+01:00',
    '2026-12-07T10:00:00Z',
    '2026-12-07T10:00:00.5Z',
    '2026-12-07T10:00:00.123456789-05:30',
    '2028-02-29T00:00:00Z',
    '2000-02-29T23:59:59+14:00',
    '0001-01-01T00:00:00-14:59',
  ])('takes %s', (value) => {
    expect(isInstant(value)).toBe(true);
  });

  it.each([
    ['a week date', '2030-W01-1T10:00:00Z'],
    ['an ordinal date', '2030-001T10:00:00Z'],
    ['an hour alone', '2030-01-01T10Z'],
    ['the compact form', '20300101T100000Z'],
    ['a decimal comma', '2030-01-01T10:00:00,5Z'],
    ['no offset', '2030-01-01T10:00:00'],
    ['a date alone', '2030-01-01'],
    ['an offset without colon', '2030-01-01T10:00:00+0100'],
    ['a space for T', '2030-01-01 10:00:00Z'],
    ['lower-case z', '2030-01-01T10:00:00z'],
    ['a day February lacks', '2030-02-29T10:00:00Z'],
    ['day 31 of a 30-day month', '2030-04-31T10:00:00Z'],
    ['month 13', '2030-13-01T10:00:00Z'],
    ['day 0', '2030-01-00T10:00:00Z'],
    ['year 0', '0000-01-01T10:00:00Z'],
    ['hour 24', '2030-01-01T24:00:00Z'],
    ['a leap second', '2030-01-01T23:59:60Z'],
    ['an offset PostgreSQL refuses', '9999-12-31T23:59:59-23:59'],
    ['an offset no zone has', '2030-01-01T10:00:00+15:00'],
    ['a signed six-digit year', '+012030-01-01T10:00:00Z'],
    ['ten fraction digits', '2030-01-01T10:00:00.1234567890Z'],
    ['a trailing newline', '2030-01-01T10:00:00Z\n'],
    ['a number', 1893456000000],
  ])('refuses %s', (_what, value) => {
    expect(isInstant(value)).toBe(false);
  });
});
