import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHmac } from 'node:crypto';
import { IsNull, MoreThan, Not, type Repository } from 'typeorm';
import type { Transaction } from '../database/transaction.js';
import { AppError } from '../common/app-error.js';
import { currentContext } from '../common/request-context.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import {
  formatRefreshToken,
  judgeRefreshToken,
  MAX_GENERATION,
  newRefreshSalt,
  parseRefreshToken,
} from './refresh-token.js';
import { AuditService } from '../audit/audit.service.js';
import { SessionEvents } from './session-events.js';
import { Session } from './session.entity.js';

const MAX_LISTED_SESSIONS = 100;

/** The refresh-token MAC key of a JWT secret: derived, so the two uses of the secret never share a key. */
const refreshKeyOf = (secret: string): Buffer =>
  createHmac('sha256', secret).update('vitalis refresh-token chain').digest();

export interface IssuedSession {
  session: Session;
  refreshToken: string;
}

/** The sessions table: create, rotate, revoke, check. Used by auth and by users (revocation on changes). */
@Injectable()
export class SessionsService {
  /** Signs refresh tokens; with the keys of JWT_PREVIOUS_SECRETS after it, verifies them. */
  private readonly refreshKeys: Buffer[];

  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: SessionEvents,
    private readonly audit: AuditService,
  ) {
    this.refreshKeys = [config.jwt.secret, ...config.jwt.previousSecrets].map(refreshKeyOf);
  }

  /** A new session, with the caller's IP and user agent (from the request context). */
  async create(userId: string): Promise<IssuedSession> {
    const now = new Date();
    const client = currentContext();
    const session = await this.sessions.save(
      this.sessions.create({
        userId,
        refreshSalt: newRefreshSalt(),
        generation: 0,
        lastUsedAt: now,
        expiresAt: this.idleExpiry(now, this.absoluteExpiry(now)),
        absoluteExpiresAt: this.absoluteExpiry(now),
        userAgent: client.userAgent?.slice(0, 512) ?? null,
        ip: client.ip?.slice(0, 64) ?? null,
      }),
    );
    return { session, refreshToken: this.token(session, 0) };
  }

  /** Rotates the refresh token (API.md, Tokens): grace window for racing clients, reuse revokes the session. */
  async refresh(token: string): Promise<IssuedSession> {
    const parsed = parseRefreshToken(token);
    if (!parsed) {
      throw new AppError('REFRESH_INVALID');
    }
    // Two attempts: a racing refresh may rotate between our read and our compare-and-set.
    for (let attempt = 0; attempt < 2; attempt++) {
      const session = await this.findLive(parsed.sessionId);
      const now = new Date();
      const verdict = judgeRefreshToken(
        parsed,
        { salt: session.refreshSalt, generation: session.generation, rotatedAt: session.rotatedAt },
        this.refreshKeys,
        now,
        this.config.refreshReuseGraceSeconds,
      );
      switch (verdict) {
        case 'invalid':
          throw new AppError('REFRESH_INVALID');
        case 'reused':
          await this.sessions.update({ id: session.id }, { revokedAt: now });
          this.events.ended({ userId: session.userId, sessionId: session.id });
          await this.audit.record('refresh_reused', {
            subjectId: session.userId,
            details: { sessionId: session.id, generation: parsed.generation, current: session.generation },
          });
          throw new AppError('REFRESH_REUSED');
        case 'grace':
          // The presented token was replaced a moment ago: answer with its successor, the current one, again.
          await this.touch(session, now);
          return { session, refreshToken: this.token(session, session.generation) };
        case 'current':
          if (session.generation < MAX_GENERATION && (await this.rotate(session, now))) {
            return { session, refreshToken: this.token(session, session.generation + 1) };
          }
          break;
      }
    }
    throw new AppError('REFRESH_INVALID');
  }

  async revoke(userId: string, sessionId: string): Promise<boolean> {
    const result = await this.sessions.update(
      { id: sessionId, userId, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    const revoked = (result.affected ?? 0) > 0;
    if (revoked) {
      this.events.ended({ userId, sessionId });
    }
    return revoked;
  }

  /**
   * Revokes every live session of the user, but `keepSessionId` when given. Pass the transaction when this is one
   * write of several (on the embedded engine a query beside the transaction would wait): the sockets are dropped
   * once it has committed, so a client reconnecting at once finds its session ended.
   */
  async revokeAll(userId: string, keepSessionId?: string, tx?: Transaction): Promise<void> {
    await (tx?.manager ?? this.sessions.manager).update(
      Session,
      { userId, revokedAt: IsNull(), ...(keepSessionId ? { id: Not(keepSessionId) } : {}) },
      { revokedAt: new Date() },
    );
    const announce = () => this.events.ended({ userId, exceptSessionId: keepSessionId });
    if (tx) {
      tx.afterCommit(announce);
    } else {
      announce();
    }
  }

  /** The newest live sessions, at most MAX_LISTED_SESSIONS: a user who logs in without end cannot grow the answer. */
  listLive(userId: string): Promise<Session[]> {
    return this.sessions.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { createdAt: 'DESC' },
      take: MAX_LISTED_SESSIONS,
    });
  }

  private async findLive(sessionId: string): Promise<Session> {
    const session = await this.sessions.findOneBy({ id: sessionId, revokedAt: IsNull() });
    if (!session || session.expiresAt.getTime() <= Date.now()) {
      throw new AppError('REFRESH_INVALID');
    }
    return session;
  }

  private token(session: Session, generation: number): string {
    return formatRefreshToken(this.refreshKeys[0], session.id, generation, session.refreshSalt);
  }

  /** Compare-and-set on the generation, so of two racing rotations exactly one wins. */
  private async rotate(session: Session, now: Date): Promise<boolean> {
    const result = await this.sessions.update(
      { id: session.id, generation: session.generation, revokedAt: IsNull() },
      {
        generation: session.generation + 1,
        rotatedAt: now,
        ...this.usage(session, now),
      },
    );
    return (result.affected ?? 0) > 0;
  }

  private async touch(session: Session, now: Date): Promise<void> {
    await this.sessions.update({ id: session.id }, this.usage(session, now));
  }

  /** A use of the session: when, and from where (the request context). */
  private usage(session: Session, now: Date): Pick<Session, 'lastUsedAt' | 'expiresAt' | 'ip' | 'userAgent'> {
    const client = currentContext();
    return {
      lastUsedAt: now,
      expiresAt: this.idleExpiry(now, session.absoluteExpiresAt),
      ip: client.ip?.slice(0, 64) ?? null,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
    };
  }

  private absoluteExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.sessionMaxAgeSeconds * 1000);
  }

  private idleExpiry(now: Date, absolute: Date): Date {
    return new Date(Math.min(now.getTime() + this.config.refreshTtlSeconds * 1000, absolute.getTime()));
  }
}
