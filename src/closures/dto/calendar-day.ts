import { registerDecorator } from 'class-validator';
import { DateTime } from 'luxon';

/** A calendar day, `YYYY-MM-DD`, that exists (no 2027-02-30, no year 0). */
export function IsCalendarDay(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'calendarDay',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be a calendar day, YYYY-MM-DD' },
      validator: {
        validate: (value: unknown) =>
          // Year 0 is valid to Luxon but not to PostgreSQL.
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}$/.test(value) &&
          !value.startsWith('0000') &&
          DateTime.fromISO(value).isValid,
      },
    });
}
