import { pickLocale } from './locale.js';

describe('pickLocale', () => {
  it('falls back when the header is missing or names no supported language', () => {
    expect(pickLocale(undefined, 'es')).toBe('es');
    expect(pickLocale('fr-FR, de;q=0.8', 'es')).toBe('es');
  });

  it('takes the supported language with the highest q', () => {
    expect(pickLocale('en-US,en;q=0.9', 'es')).toBe('en');
    expect(pickLocale('fr, es;q=0.4, en;q=0.7', 'es')).toBe('en');
    expect(pickLocale('en;q=0.2, es', 'en')).toBe('es');
  });

  it('ignores languages refused with q=0', () => {
    expect(pickLocale('en;q=0', 'es')).toBe('es');
  });
});
