import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JwtPayload } from 'jsonwebtoken';
import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { Locale } from '../config/app-config.js';
import type { AuthUser, TokenTransport } from './auth-user.js';
import type { Role } from './roles.js';
import { type AccessClaims, TokensService, type VerifiedClaims } from './tokens.service.js';

/** A socket's caller: who, and the claims its token carried (their expiry ends the socket). */
export interface Authenticated {
  user: AuthUser;
  claims: VerifiedClaims;
}

export interface PrincipalRow {
  rol: Role;
  locale: Locale;
  is_active: boolean;
  deleted: boolean;
  /** Null when the session does not exist (the LEFT JOIN found none). */
  session_live: boolean | null;
}

/**
 * Who an access token speaks for, on HTTP and on sockets alike: the signature by `kid`, the claims, then one indexed
 * query (the user exists and is active, the session is alive), so logout, deletion and disabling work on the very
 * next request. Sockets call `authenticate`; on HTTP, passport-jwt (JwtStrategy) checks the signature with this
 * app's keys and hands the payload to `admit`.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: TokensService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async authenticate(rawToken: string, via: TokenTransport): Promise<Authenticated> {
    const claims = this.tokens.verify(rawToken);
    return { claims, user: await this.check(claims, via) };
  }

  /** The key a token names by `kid` (for passport-jwt); TOKEN_INVALID when it names none of this app's. */
  keyFor(rawToken: string): KeyObject {
    return this.tokens.keyFor(rawToken);
  }

  /** After passport-jwt checked a payload's signature and expiry: its claims, then the principal. */
  admit(payload: JwtPayload, via: TokenTransport): Promise<AuthUser> {
    return this.check(this.tokens.claimsOf(payload), via);
  }

  /** Why passport-jwt refused a token, as the contract's code (TOKEN_EXPIRED or TOKEN_INVALID). */
  refusal(info: unknown): AppError {
    return this.tokens.toAppError(info);
  }

  /** The principal check alone, for a socket that re-checks its session before it acts. */
  async check(claims: AccessClaims, via: TokenTransport): Promise<AuthUser> {
    const rows: PrincipalRow[] = await this.db.query(
      `SELECT u.rol, u.locale, u.is_active, u.deleted_at IS NOT NULL AS deleted,
              (s.revoked_at IS NULL AND s.expires_at > now()) AS session_live
         FROM users u
         LEFT JOIN sessions s ON s.id = $2 AND s.user_id = u.id
        WHERE u.id = $1`,
      [claims.sub, claims.sid],
    );
    const row = rows[0];
    if (!row || row.deleted) {
      throw new AppError('USER_NOT_FOUND');
    }
    if (!row.is_active) {
      throw new AppError('USER_DISABLED');
    }
    if (!row.session_live) {
      throw new AppError('SESSION_REVOKED');
    }
    // Role and language come from the database, so a change applies at once, not when the token expires.
    return { id: claims.sub, rol: row.rol, locale: row.locale, sessionId: claims.sid, via };
  }
}
