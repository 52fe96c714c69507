import { ParseUUIDPipe, ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type FieldError } from './app-error.js';

/** Flattens class-validator's tree into `field.path` entries. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, constraints: error.constraints }] : [];
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/** The global pipe: unknown fields are refused, not silently dropped; values are transformed to DTO types. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => new AppError('VALIDATION_FAILED', toFieldErrors(errors)),
  });
}

/** `@Param('id', UuidPipe)`: a malformed id is 400 VALIDATION_FAILED, never a 500 from the database. */
export const UuidPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new AppError('VALIDATION_FAILED', [{ field: 'id', constraints: { uuidParam: 'must be a UUID' } }]),
});
