import { Transform } from 'class-transformer';
import { registerDecorator } from 'class-validator';

/**
 * RFC 3339's calendar form, seconds and fraction optional, offset required: nothing else of ISO-8601. Offsets stop
 * at ±14:59 (the widest real zone is +14:00; PostgreSQL refuses past ±15:59).
 */
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

/**
 * True for `YYYY-MM-DDTHH:mm[:ss[.fff]](Z|±HH:MM)` naming a day the calendar has. Week and ordinal dates, the
 * compact form, decimal commas and a missing offset are refused: `new Date` reads them as Invalid Date (or
 * differently from PostgreSQL), and a time without an offset would depend on the server's zone.
 */
export function isInstant(value: unknown): boolean {
  if (typeof value !== 'string') {
    return false;
  }
  const match = INSTANT.exec(value);
  if (!match || Number.isNaN(Date.parse(value))) {
    return false;
  }
  // `new Date` rolls 2030-02-31 over to March 3rd: the day must exist in its month.
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/**
 * A `+` typed unencoded in a query string arrives as a space (`…T10:00:00 01:00`): that can only mean the `+`
 * offset, so it is read as one.
 */
const PLUS_AS_SPACE = /^(\d{4}-\d{2}-\d{2}T[\d:.]+) (\d{2}:\d{2})$/;

/** The one validator of every instant the API takes (query or body). */
export function IsInstant(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.replace(PLUS_AS_SPACE, '$1+$2') : value,
    )(target, propertyName);
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be ISO-8601 with an offset, e.g. 2026-12-07T10:00:00+01:00' },
      validator: { validate: isInstant },
    });
  };
}
