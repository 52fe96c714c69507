import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsString, Matches, MaxLength, registerDecorator } from 'class-validator';

const trim = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * A trimmed, non-empty text of at most `max` characters. No NUL character: PostgreSQL refuses it in text,
 * which would otherwise surface as a 500.
 */
export function IsTrimmedText(max: number): PropertyDecorator {
  return applyDecorators(
    trim,
    IsString(),
    IsNotEmpty(),
    MaxLength(max),
    // eslint-disable-next-line no-control-regex -- the NUL character is exactly what is refused
    Matches(/^[^\u0000]*$/, { message: 'must not contain a NUL character' }),
  );
}

export function IsName(max = 100): PropertyDecorator {
  return IsTrimmedText(max);
}

/** Trimmed and lower-cased before it is validated, so the database only ever sees one spelling. */
export function IsNormalizedEmail(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? value.trim().toLowerCase() : value,
    ),
    IsEmail(),
    MaxLength(254),
  );
}

/** 8..72 bytes of UTF-8: bcrypt ignores everything past 72 bytes, so longer would be silently truncated. */
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
  };
}
