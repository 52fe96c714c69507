import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { AppError } from '../common/app-error.js';
import type { PrincipalRow, SessionsService } from '../sessions/sessions.service.js';
import { PrincipalService } from './principal.service.js';

describe('PrincipalService', () => {
  const claims = { sub: randomUUID(), sid: randomUUID(), rol: 'user' as const };
  const live: PrincipalRow = { rol: 'doctor', is_active: true, deleted: false, session_live: true };

  function sutWith(row: PrincipalRow | null): PrincipalService {
    const sessions = {
      findPrincipal: jest.fn<() => Promise<PrincipalRow | null>>().mockResolvedValue(row),
    } as unknown as SessionsService;
    return new PrincipalService(sessions);
  }

  async function codeOf(row: PrincipalRow | null): Promise<string | undefined> {
    try {
      await sutWith(row).check(claims, 'bearer');
      return undefined;
    } catch (error) {
      return (error as AppError).code;
    }
  }

  it('answers the principal with the role from the database, not from the token', async () => {
    await expect(sutWith(live).check(claims, 'cookie')).resolves.toEqual({
      id: claims.sub,
      rol: 'doctor',
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
});
