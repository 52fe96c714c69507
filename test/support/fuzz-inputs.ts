import fc from 'fast-check';
import type { FieldSpec } from './route-inputs.js';

/* Generators of hostile input for test/fuzz.e2e-spec.ts. */

/** Text that has tripped parsers, validators, drivers or databases somewhere, by the kind of field it targets. */
const HOSTILE = {
  instants: [
    '2030-W01-1T10:00:00Z',
    '2030-001T10:00:00Z',
    '2030-01-01T10Z',
    '20300101T100000Z',
    '2030-01-01T10:00:00,5Z',
    '2030-02-31T10:00:00Z',
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59-23:59',
    '+275760-09-13T00:00:00Z',
    '2030-01-01T10:00:00',
    '2030-13-45',
    '2030-01-01T24:00:00Z',
  ],
  numbers: ['1e20', '1e308', '9007199254740993', '-1', '1.5', '0x10', 'NaN', ''],
  texts: [
    '',
    ' ',
    '\u0000',
    'ana\u0000',
    'a\u0000b',
    "' OR 1=1 --",
    '%_\\',
    '😀'.repeat(40),
    '\ud800',
    'x'.repeat(3000),
    '__proto__',
    'null',
    'true',
    '[]',
  ],
};

/** A hostile string for this field: mostly of its own kind, sometimes any. */
export function hostile(field?: FieldSpec): fc.Arbitrary<string> {
  const names = field?.constraints.join(' ') ?? '';
  const kind = /instant|iso8601|date/i.test(names)
    ? HOSTILE.instants
    : /isInt|isNumber/.test(names)
      ? HOSTILE.numbers
      : HOSTILE.texts;
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...kind) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE.texts, ...HOSTILE.instants, ...HOSTILE.numbers) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 20 }) },
  );
}

const scalar = fc.oneof(
  hostile(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e20, 1e308, -1, 0, 2 ** 53 + 2),
  fc.boolean(),
  fc.constant(null),
);
/** Any JSON value, now and then a deep or a big one. */
export const malformed = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: 28, max: 40 }).map((depth) => nest(depth)) },
  { weight: 1, arbitrary: fc.constant('y'.repeat(40_000)) },
);

function nest(depth: number): unknown {
  let value: unknown = 'fondo';
  for (let i = 0; i < depth; i++) {
    value = [value];
  }
  return value;
}

/** Values a field's own constraints accept, so requests also get past validation and reach the services. */
export function plausible(field: FieldSpec, ids: string[]): fc.Arbitrary<unknown> {
  const has = (name: string): boolean => field.constraints.includes(name);
  if (field.allowed.length > 0) {
    return fc.constantFrom(...field.allowed);
  }
  if (has('isUuid')) {
    return fc.constantFrom(...ids);
  }
  if (has('isInstant')) {
    const range = { min: new Date('2025-01-01'), max: new Date('2032-01-01'), noInvalidDate: true };
    return fc.date(range).map((date) => date.toISOString());
  }
  if (has('isInt')) {
    const min = field.min ?? 0;
    return fc.integer({ min, max: Math.min(field.max ?? min + 300, min + 300) });
  }
  if (has('isBoolean')) {
    return fc.boolean();
  }
  if (has('isEmail')) {
    return fc.constantFrom('fuzz@vitalis.test', 'nadie@vitalis.test');
  }
  return fc.constantFrom('Ana', '09:00', '13:30', '2030-01-07', 'Vitalis-fuzz-2026', 'Cardiología');
}

export type Pair = [string, unknown];

/** `value` one time in six, else null: an unknown field or a repeated parameter masks everything else with a 400. */
export const rarely = <T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value });

/**
 * Values for some of `fields`: mostly all good but one bad (a bad value among good ones gets past validation to the
 * services, or is refused by its own rule; among other bad ones it meets only the validator), now and then all bad.
 */
export function someFields(
  fields: FieldSpec[],
  good: (field: FieldSpec) => fc.Arbitrary<unknown>,
  bad: (field: FieldSpec) => fc.Arbitrary<unknown>,
): fc.Arbitrary<Pair[]> {
  if (fields.length === 0) {
    return fc.constant([]);
  }
  const pair = (field: FieldSpec, value: fc.Arbitrary<unknown>): fc.Arbitrary<Pair> =>
    value.map((v): Pair => [field.name, v]);
  const oneBad = fc
    .tuple(fc.subarray(fields), fc.constantFrom(...fields))
    .chain(([present, target]) =>
      fc.tuple(
        ...present.filter((f) => f !== target).map((f) => pair(f, good(f))),
        pair(target, bad(target)),
      ),
    );
  const allBad = fc.subarray(fields).chain((present) => fc.tuple(...present.map((f) => pair(f, bad(f)))));
  return fc.oneof({ weight: 4, arbitrary: oneBad }, { weight: 1, arbitrary: allBad });
}
