import { ValidateIf } from 'class-validator';

/**
 * `@IsOptional()` for fields where null means nothing: only a missing field is skipped, so an explicit `null` meets
 * the field's other rules and is refused by them (IsOptional let it through to a NOT NULL column: a 500). Fields
 * where null does mean something (`specialty: null` clears it) say so with their own `@ValidateIf`.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
