import { jest } from '@jest/globals';
import bcrypt from 'bcrypt';
import type { AppConfig } from '../config/app-config.js';
import { PasswordsService } from './passwords.service.js';

/** Counts the bcrypt calls running at once while the real ones run. */
function watchBcrypt() {
  let now = 0;
  const seen = { peak: 0 };
  for (const name of ['hash', 'compare'] as const) {
    const real = bcrypt[name] as (...args: unknown[]) => Promise<unknown>;
    jest.spyOn(bcrypt, name).mockImplementation((async (...args: unknown[]) => {
      seen.peak = Math.max(seen.peak, ++now);
      try {
        return await real(...args);
      } finally {
        now--;
      }
    }) as never);
  }
  return seen;
}

describe('PasswordsService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('runs at most BCRYPT_CONCURRENCY hashes at once, however many logins arrive together', async () => {
    const seen = watchBcrypt();
    const sut = new PasswordsService({ bcryptRounds: 4, bcryptConcurrency: 2 } as AppConfig);
    const stored = await sut.hash('correct horse');

    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => sut.verify(i % 2 ? 'correct horse' : 'wrong horse', stored)),
    );

    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i % 2 === 1));
    expect(seen.peak).toBe(2);
  });

  it('an unknown account waits in the same line, and is refused', async () => {
    const seen = watchBcrypt();
    const sut = new PasswordsService({ bcryptRounds: 4, bcryptConcurrency: 1 } as AppConfig);

    await expect(Promise.all([sut.verify('anything', null), sut.verify('anything', null)])).resolves.toEqual([
      false,
      false,
    ]);
    expect(seen.peak).toBe(1);
  });
});
