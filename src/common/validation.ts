import { ParseUUIDPipe, type PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
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

/**
 * `@Body(new ArrayBodyPipe(ItemDto))` for a body that is a JSON array: each item validated like a DTO body
 * (unknown fields refused), errors named `index.field`.
 */
export class ArrayBodyPipe<T extends object> implements PipeTransform<unknown, Promise<T[]>> {
  constructor(
    private readonly itemType: new () => T,
    private readonly maxItems = 100,
  ) {}

  async transform(value: unknown): Promise<T[]> {
    if (!Array.isArray(value) || value.length > this.maxItems) {
      throw new AppError('VALIDATION_FAILED', [
        { field: 'body', constraints: { isArray: `must be an array of at most ${this.maxItems} items` } },
      ]);
    }
    // class-validator throws on a null item (a 500): anything but an object is refused here, by its index.
    const notObject = value.findIndex(
      (item) => typeof item !== 'object' || item === null || Array.isArray(item),
    );
    if (notObject >= 0) {
      throw new AppError('VALIDATION_FAILED', [
        { field: String(notObject), constraints: { isObject: 'must be an object' } },
      ]);
    }
    const items = value.map((item: unknown) => plainToInstance(this.itemType, item));
    const errors = await Promise.all(
      items.map((item) =>
        validate(item, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }),
      ),
    );
    const fieldErrors = errors.flatMap((itemErrors, index) => toFieldErrors(itemErrors, String(index)));
    if (fieldErrors.length > 0) {
      throw new AppError('VALIDATION_FAILED', fieldErrors);
    }
    return items;
  }
}
