import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, MaxLength, registerDecorator } from 'class-validator';
import { isStrongEnough } from '../password-strength.js';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** A trimmed, non-empty text of at most `max` characters (a NUL character never gets here: see inputViolation). */
export function IsTrimmedText(max: number): PropertyDecorator {
  return applyDecorators(trim, IsString(), IsNotEmpty(), MaxLength(max));
}

export function IsName(max = 100): PropertyDecorator {
  return IsTrimmedText(max);
}

/** At most `max` characters; only a text is judged (a number is told it is not a string, not that it is too long). */
function TextAtMost(max: number): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'maxLength',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [max],
      options: { message: `must be at most ${max} characters` },
      validator: { validate: (value: unknown) => typeof value !== 'string' || value.length <= max },
    });
}

/** Trimmed and lower-cased before it is validated, so the database only ever sees one spelling. */
export function IsNormalizedEmail(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().toLowerCase() : value,
    ),
    IsString(),
    IsEmail(),
    TextAtMost(254),
  );
}

/**
 * 8..72 bytes of UTF-8 (bcrypt ignores everything past 72 bytes, so longer would be silently truncated), and
 * not a common password.
 */
export function IsPassword(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    IsString()(target, propertyName);
    registerDecorator({
      name: 'passwordBytes',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'must be 8 to 72 bytes long (UTF-8)' },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && Buffer.byteLength(value) >= 8 && Buffer.byteLength(value) <= 72,
      },
    });
    registerDecorator({
      name: 'passwordStrength',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'is too common or too easy to guess' },
      validator: {
        // Only a password of a valid length is judged (the other constraint speaks for the rest).
        validate: (value: unknown) =>
          typeof value !== 'string' ||
          Buffer.byteLength(value) < 8 ||
          Buffer.byteLength(value) > 72 ||
          isStrongEnough(value),
      },
    });
  };
}
