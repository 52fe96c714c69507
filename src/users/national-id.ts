/** The check letter of a DNI or NIE is this table's letter at the number modulo 23 (Ministerio del Interior). */
const CHECK_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** A DNI (8 digits) or a NIE (X, Y or Z and 7 digits), then a letter. */
const FORMAT = /^(\d{8}|[XYZ]\d{7})[A-Z]$/;

/** Upper case, without the spaces, hyphens and dots people write in them: ` x-1234567-l ` → `X1234567L`. */
export function normalizeNationalId(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

/** The shape of a normalized DNI or NIE, whatever its letter. */
export function isNationalIdFormat(value: string): boolean {
  return FORMAT.test(value);
}

/** A normalized DNI or NIE whose letter is its check letter (a NIE's X, Y, Z count as 0, 1, 2). */
export function hasNationalIdCheckLetter(value: string): boolean {
  if (!isNationalIdFormat(value)) {
    return false;
  }
  const number = Number(value.slice(0, 8).replace(/^[XYZ]/, (prefix) => String('XYZ'.indexOf(prefix))));
  return CHECK_LETTERS[number % 23] === value[8];
}
