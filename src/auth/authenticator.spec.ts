import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { Authenticator, type PrincipalRow } from './authenticator.js';
import type { TokensService } from './tokens.service.js';

describe('Authenticator: the principal check', () => {
  const claims = { sub: randomUUID(), sid: randomUUID(), rol: 'user' as const };
  const live: PrincipalRow = {
    rol: 'doctor',
    locale: 'en',
    is_active: true,
    deleted: false,
    session_live: true,
  };

  function sutWith(row: PrincipalRow | null): Authenticator {
    const db = { query: jest.fn<() => Promise<PrincipalRow[]>>().mockResolvedValue(row ? [row] : []) };
    return new Authenticator({} as TokensService, db as unknown as DataSource);
  }

  async function codeOf(row: PrincipalRow | null): Promise<string | undefined> {
    try {
      await sutWith(row).check(claims, 'bearer');
      return undefined;
    } catch (error) {
      return (error as AppError).code;
    }
  }

  it("answers the principal with the role (not the token's) and the language from the database", async () => {
    await expect(sutWith(live).check(claims, 'cookie')).resolves.toEqual({
      id: claims.sub,
      rol: 'doctor',
      locale: 'en',
      sessionId: claims.sid,
      via: 'cookie',
    });
  });

  it('says USER_NOT_FOUND for an unknown or deleted user, before anything else', async () => {
    await expect(codeOf(null)).resolves.toBe('USER_NOT_FOUND');
    await expect(codeOf({ ...live, deleted: true, is_active: false, session_live: false })).resolves.toBe(
      'USER_NOT_FOUND',
    );
  });

  it('says USER_DISABLED for a disabled user', async () => {
    await expect(codeOf({ ...live, is_active: false, session_live: false })).resolves.toBe('USER_DISABLED');
  });

  it('says SESSION_REVOKED for a revoked, expired or unknown session', async () => {
    await expect(codeOf({ ...live, session_live: false })).resolves.toBe('SESSION_REVOKED');
    await expect(codeOf({ ...live, session_live: null })).resolves.toBe('SESSION_REVOKED');
  });

  it('a refusal is a contract error, never a bare Error', async () => {
    await expect(sutWith(null).check(claims, 'x-token')).rejects.toBeInstanceOf(AppError);
  });
});
