import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { type KeyObject, randomUUID } from 'node:crypto';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Role } from './roles.js';
import { JwtKeys } from './jwt-keys.js';

export interface AccessClaims {
  sub: string;
  sid: string;
  rol: Role;
}

/** The claims of a checked token, with its expiry (seconds since the epoch). */
export interface VerifiedClaims extends AccessClaims {
  exp: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Signs and verifies access tokens through @nestjs/jwt's JwtService (options and keys in jwt-keys.ts): HS256 only,
 * `kid` names the key (JWT_SECRET signs, JWT_PREVIOUS_SECRETS still verify).
 */
@Injectable()
export class TokensService {
  private readonly keys: JwtKeys;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwtService: JwtService,
  ) {
    this.keys = JwtKeys.of(config);
  }

  get accessTtlSeconds(): number {
    return this.config.jwt.accessTtlSeconds;
  }

  sign(claims: AccessClaims): string {
    return this.jwtService.sign({ ...claims }, { jwtid: randomUUID() });
  }

  /** The key a token names by `kid` (for the passport strategy); TOKEN_INVALID when it names none of ours. */
  keyFor(rawToken: string): KeyObject {
    return this.keys.keyFor(rawToken);
  }

  /** Full verification (signature, alg, kid, exp, then the claims): the socket handshake uses it. */
  verify(rawToken: string): VerifiedClaims {
    try {
      return this.claimsOf(this.jwtService.verify<JwtPayload>(rawToken));
    } catch (error) {
      throw this.toAppError(error);
    }
  }

  /**
   * The claims of a signature-checked payload, for both transports: this app's issuer and audience, an `exp`, and
   * well-formed ids, else the token is invalid.
   */
  claimsOf(payload: string | JwtPayload): VerifiedClaims {
    const { issuer, audience } = this.config.jwt;
    if (
      typeof payload === 'string' ||
      payload.iss !== issuer ||
      !(payload.aud === audience || (Array.isArray(payload.aud) && payload.aud.includes(audience))) ||
      typeof payload.exp !== 'number' ||
      !UUID.test(String(payload.sub)) ||
      !UUID.test(String(payload.sid))
    ) {
      throw new AppError('TOKEN_INVALID');
    }
    return { sub: payload.sub!, sid: payload.sid as string, rol: payload.rol as Role, exp: payload.exp };
  }

  /** Maps what jsonwebtoken or passport-jwt reported into the contract's codes. */
  toAppError(error: unknown): AppError {
    if (error instanceof AppError) {
      return error;
    }
    return new AppError(error instanceof jwt.TokenExpiredError ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID');
  }
}
