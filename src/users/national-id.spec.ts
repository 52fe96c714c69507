import { hasNationalIdCheckLetter, isNationalIdFormat, normalizeNationalId } from './national-id.js';

describe('Spanish national ids (DNI and NIE)', () => {
  it.each(['12345678Z', '00000000T', '99999999R', 'X1234567L', 'Y1234567X', 'Z1234567R', 'X0000000T'])(
    'accepts %s, whose check letter is right',
    (id) => {
      expect(isNationalIdFormat(id)).toBe(true);
      expect(hasNationalIdCheckLetter(id)).toBe(true);
    },
  );

  it.each(['12345678A', '00000000R', 'X1234567A', 'Y1234567L', 'Z1234567X'])(
    'refuses %s: the shape is right, the check letter is not',
    (id) => {
      expect(isNationalIdFormat(id)).toBe(true);
      expect(hasNationalIdCheckLetter(id)).toBe(false);
    },
  );

  it.each(['', '1234567Z', '123456789Z', '12345678', 'W1234567L', 'X12345678L', 'XY123456L', '1234567XZ'])(
    'refuses %j as neither a DNI nor a NIE, and judges no letter there',
    (id) => {
      expect(isNationalIdFormat(id)).toBe(false);
      expect(hasNationalIdCheckLetter(id)).toBe(false);
    },
  );

  it('counts a NIE as its DNI-like number: X, Y and Z stand for 0, 1 and 2', () => {
    // 01234567, 11234567 and 21234567 modulo 23 are 19 (L), 10 (X) and 1 (R).
    expect(['X', 'Y', 'Z'].map((prefix) => hasNationalIdCheckLetter(`${prefix}1234567L`))).toEqual([
      true,
      false,
      false,
    ]);
  });

  it('normalizes what people type: upper case, without spaces, hyphens or dots', () => {
    expect(normalizeNationalId(' x-1234567-l ')).toBe('X1234567L');
    expect(normalizeNationalId('12.345.678 z')).toBe('12345678Z');
  });
});
