import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { createHmac } from 'node:crypto';
import { formatRefreshToken, newRefreshSalt } from './refresh-token.js';
import type { Session } from './session.entity.js';
import type { AuditService } from '../audit/audit.service.js';
import { SessionEvents } from './session-events.js';
import { SessionsService } from './sessions.service.js';

const config = {
  jwt: { secret: 'unit-secret-unit-secret-unit-secret!', previousSecrets: [] as string[] },
  refreshTtlSeconds: 3600,
  sessionMaxAgeSeconds: 86400,
  refreshReuseGraceSeconds: 10,
} as AppConfig;

// The key SessionsService derives from the JWT secret.
const key = createHmac('sha256', config.jwt.secret).update('vitalis refresh-token chain').digest();
const tokenOf = (session: Session, generation = session.generation): string =>
  formatRefreshToken(key, session.id, generation, session.refreshSalt);

function sessionWith(overrides: Partial<Session> = {}): Session {
  const now = Date.now();
  return {
    id: randomUUID(),
    userId: randomUUID(),
    refreshSalt: newRefreshSalt(),
    generation: 0,
    rotatedAt: null,
    createdAt: new Date(now),
    lastUsedAt: new Date(now),
    expiresAt: new Date(now + 3600_000),
    absoluteExpiresAt: new Date(now + 86400_000),
    revokedAt: null,
    userAgent: null,
    ip: null,
    ...overrides,
  };
}

function setup(rows: (Session | null)[], updateAffected: number[] = [1]) {
  const repository = {
    findOneBy: jest.fn<() => Promise<Session | null>>(),
    update: jest.fn<(...args: unknown[]) => Promise<{ affected: number }>>(),
  };
  rows.forEach((row) => repository.findOneBy.mockResolvedValueOnce(row));
  updateAffected.forEach((affected) => repository.update.mockResolvedValueOnce({ affected }));
  const sut = new SessionsService(repository as unknown as Repository<Session>, config, new SessionEvents(), {
    record: () => Promise.resolve(),
  } as unknown as AuditService);
  return { sut, repository };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as AppError).code;
  }
}

describe('SessionsService.refresh', () => {
  it('rotates the current token with a compare-and-set on its generation', async () => {
    const session = sessionWith();
    const { sut, repository } = setup([session]);

    const issued = await sut.refresh(tokenOf(session));

    expect(issued.refreshToken).toBe(tokenOf(session, 1));
    expect(repository.update).toHaveBeenCalledWith(
      expect.objectContaining({ id: session.id, generation: 0 }),
      expect.objectContaining({ generation: 1 }),
    );
  });

  it('answers a racing refresh that lost the compare-and-set with the winner’s token (grace)', async () => {
    const before = sessionWith();
    const after = { ...before, generation: 1, rotatedAt: new Date() };
    const { sut, repository } = setup([before, after], [0, 1]);

    const loser = await sut.refresh(tokenOf(before));

    expect(loser.refreshToken).toBe(tokenOf(before, 1));
    expect(repository.findOneBy).toHaveBeenCalledTimes(2);
  });

  it('revokes the session on reuse and says REFRESH_REUSED', async () => {
    const session = sessionWith({ generation: 7, rotatedAt: new Date(Date.now() - 60_000) });
    const { sut, repository } = setup([session]);

    await expect(codeOf(sut.refresh(tokenOf(session, 2)))).resolves.toBe('REFRESH_REUSED');
    expect(repository.update).toHaveBeenCalledWith({ id: session.id }, { revokedAt: expect.any(Date) });
  });

  it('says REFRESH_INVALID for a forged token and leaves the session alone', async () => {
    const session = sessionWith({ generation: 5 });
    const forged = `${session.id}.3.${'A'.repeat(43)}`;
    const { sut, repository } = setup([session]);

    await expect(codeOf(sut.refresh(forged))).resolves.toBe('REFRESH_INVALID');
    expect(repository.update).not.toHaveBeenCalled();
  });

  it('says REFRESH_INVALID for an unknown, revoked or expired session, or a malformed token', async () => {
    const expired = sessionWith({ expiresAt: new Date(Date.now() - 1000) });
    await expect(codeOf(setup([null]).sut.refresh(tokenOf(sessionWith())))).resolves.toBe('REFRESH_INVALID');
    await expect(codeOf(setup([expired]).sut.refresh(tokenOf(expired)))).resolves.toBe('REFRESH_INVALID');
    await expect(codeOf(setup([]).sut.refresh('nonsense'))).resolves.toBe('REFRESH_INVALID');
  });
});
