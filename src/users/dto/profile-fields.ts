import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, registerDecorator, ValidateIf } from 'class-validator';
import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { IsOmittable } from '../../common/is-omittable.js';
import { LOCALES } from '../../common/locale.js';
import { birthDateProblem } from '../birth-date.js';
import { hasNationalIdCheckLetter, isNationalIdFormat, normalizeNationalId } from '../national-id.js';

const E164 = /^\+[1-9]\d{1,14}$/;
/** Longer is no phone number, however written: not worth parsing. */
const MAX_PHONE_TEXT = 32;

/** A rule for texts only: a number is told it is not a string, not also that it is no phone number. */
function TextRule(name: string, message: string, test: (value: string) => boolean): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message },
      validator: { validate: (value: unknown) => typeof value !== 'string' || test(value) },
    });
}

/** Optional, and null clears it: only a value is validated. */
const UnlessAbsent = ValidateIf((_dto: object, value: unknown) => value !== null && value !== undefined);

/** Written as people write it, E.164 once valid; without a country code it is read as a Spanish number. */
function toE164(text: string): string {
  const phone = text.length <= MAX_PHONE_TEXT ? parsePhoneNumberFromString(text, 'ES') : undefined;
  return phone?.isValid() && !phone.ext ? phone.number : text;
}

export function IsPhone(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? toE164(value) : value)),
    UnlessAbsent,
    IsString(),
    TextRule(
      'phone',
      'must be a valid phone number, e.g. +34612345678',
      (text) => E164.test(text) && isValidPhoneNumber(text),
    ),
  );
}

export function IsBirthDate(): PropertyDecorator {
  return applyDecorators(
    UnlessAbsent,
    IsString(),
    TextRule(
      'calendarDay',
      'must be a calendar day, YYYY-MM-DD',
      (text) => birthDateProblem(text) !== 'format',
    ),
    TextRule(
      'birthDateRange',
      'must not be in the future nor before 1900-01-01',
      (text) => birthDateProblem(text) !== 'range',
    ),
  );
}

/** A DNI or NIE, normalized before it is judged (upper case, no spaces, hyphens or dots). */
export function IsNationalId(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? normalizeNationalId(value) : value,
    ),
    UnlessAbsent,
    IsString(),
    TextRule(
      'nationalIdFormat',
      'must be a DNI (8 digits and a letter) or a NIE (X, Y or Z, 7 digits and a letter)',
      isNationalIdFormat,
    ),
    // Only a well-formed id is judged by its letter (the rule above speaks for the rest).
    TextRule(
      'nationalIdCheckLetter',
      'the check letter does not match the number',
      (text) => !isNationalIdFormat(text) || hasNationalIdCheckLetter(text),
    ),
  );
}

/** es or en; null is refused like any other value (a user always has a language). */
export function IsLocale(): PropertyDecorator {
  return applyDecorators(IsOmittable(), (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'locale',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be es or en' },
      validator: { validate: (value: unknown) => (LOCALES as unknown[]).includes(value) },
    }),
  );
}
