import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { formatRefreshToken, hashRefreshSecret, newRefreshSecret } from './refresh-token.js';
import type { Session } from './session.entity.js';
import type { AuditService } from '../audit/audit.service.js';
import { SessionEvents } from './session-events.js';
import { SessionsService } from './sessions.service.js';

const config = {
  jwt: { secret: 'unit-secret-unit-secret-unit-secret!' },
  refreshTtlSeconds: 3600,
  sessionMaxAgeSeconds: 86400,
  refreshReuseGraceSeconds: 10,
} as AppConfig;
const client = { ip: '127.0.0.1', userAgent: 'jest' };

function sessionWith(secret: string, overrides: Partial<Session> = {}): Session {
  const now = Date.now();
  return {
    id: randomUUID(),
    userId: randomUUID(),
    refreshHash: hashRefreshSecret(secret),
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
  it('rotates the current token with a compare-and-set on its hash', async () => {
    const secret = newRefreshSecret();
    const session = sessionWith(secret);
    const { sut, repository } = setup([session]);

    const issued = await sut.refresh(formatRefreshToken(session.id, secret), client);

    expect(issued.refreshToken).not.toBe(formatRefreshToken(session.id, secret));
    expect(repository.update).toHaveBeenCalledWith(
      expect.objectContaining({ id: session.id, refreshHash: session.refreshHash }),
      expect.objectContaining({
        refreshHash: hashRefreshSecret(issued.refreshToken.split('.')[1]),
        generation: 1,
      }),
    );
  });

  it('answers a racing refresh that lost the compare-and-set with the winner’s token (grace)', async () => {
    const secret = newRefreshSecret();
    const before = sessionWith(secret);
    const { sut: probe } = setup([before]);
    const winner = await probe.refresh(formatRefreshToken(before.id, secret), client);
    const after = {
      ...before,
      refreshHash: hashRefreshSecret(winner.refreshToken.split('.')[1]),
      generation: 1,
      rotatedAt: new Date(),
    };
    const { sut, repository } = setup([before, after], [0, 1]);

    const loser = await sut.refresh(formatRefreshToken(before.id, secret), client);

    expect(loser.refreshToken).toBe(winner.refreshToken);
    expect(repository.findOneBy).toHaveBeenCalledTimes(2);
  });

  it('revokes the session on reuse and says REFRESH_REUSED', async () => {
    const old = newRefreshSecret();
    const { sut: probe } = setup([sessionWith(old)]);
    const session = sessionWith(old);
    const rotated = await probe.refresh(formatRefreshToken(session.id, old), client);
    const state = {
      ...session,
      refreshHash: hashRefreshSecret(rotated.refreshToken.split('.')[1]),
      generation: 1,
      rotatedAt: new Date(Date.now() - 60_000),
    };
    const { sut, repository } = setup([state]);

    await expect(codeOf(sut.refresh(formatRefreshToken(session.id, old), client))).resolves.toBe(
      'REFRESH_REUSED',
    );
    expect(repository.update).toHaveBeenCalledWith({ id: session.id }, { revokedAt: expect.any(Date) });
  });

  it('says REFRESH_INVALID for an unknown, revoked or expired session, or a malformed token', async () => {
    const secret = newRefreshSecret();
    const expired = sessionWith(secret, { expiresAt: new Date(Date.now() - 1000) });
    await expect(
      codeOf(setup([null]).sut.refresh(formatRefreshToken(randomUUID(), secret), client)),
    ).resolves.toBe('REFRESH_INVALID');
    await expect(
      codeOf(setup([expired]).sut.refresh(formatRefreshToken(expired.id, secret), client)),
    ).resolves.toBe('REFRESH_INVALID');
    await expect(codeOf(setup([]).sut.refresh('nonsense', client))).resolves.toBe('REFRESH_INVALID');
  });
});
