import { Inject, Injectable } from '@nestjs/common';
import jwt, { type JwtPayload } from 'jsonwebtoken';
import { createHash, createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { Role } from '../users/user.entity.js';

export interface AccessClaims {
  sub: string;
  sid: string;
  rol: Role;
}

/** The claims of a checked token, with its expiry (seconds since the epoch). */
export interface VerifiedClaims extends AccessClaims {
  exp: number;
}

/** Header fields that would let a token choose its own key: never honoured. */
const FORBIDDEN_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Signs and verifies access tokens: HS256 only, `kid` names the key (JWT_SECRET signs, JWT_PREVIOUS_SECRETS
 * still verify). Keys are KeyObjects: jsonwebtoken re-imports a string secret on every call (measured ~12x slower).
 */
@Injectable()
export class TokensService {
  private readonly keys = new Map<string, KeyObject>();
  private readonly signingKid: string;
  readonly verifyOptions: jwt.VerifyOptions & { algorithms: jwt.Algorithm[] };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.signingKid = keyId(config.jwt.secret);
    for (const secret of [config.jwt.secret, ...config.jwt.previousSecrets]) {
      this.keys.set(keyId(secret), createSecretKey(Buffer.from(secret, 'utf8')));
    }
    this.verifyOptions = { algorithms: ['HS256'], issuer: config.jwt.issuer, audience: config.jwt.audience };
  }

  get accessTtlSeconds(): number {
    return this.config.jwt.accessTtlSeconds;
  }

  sign(claims: AccessClaims): string {
    return jwt.sign({ ...claims }, this.keys.get(this.signingKid)!, {
      algorithm: 'HS256',
      keyid: this.signingKid,
      expiresIn: this.config.jwt.accessTtlSeconds,
      issuer: this.config.jwt.issuer,
      audience: this.config.jwt.audience,
      jwtid: randomUUID(),
    });
  }

  /** The key a token names by `kid`; throws TOKEN_INVALID for an unknown kid or a header that picks its own key. */
  keyFor(rawToken: string): KeyObject {
    const decoded = jwt.decode(rawToken, { complete: true });
    const header = decoded?.header as (jwt.JwtHeader & Record<string, unknown>) | undefined;
    const key = header?.kid ? this.keys.get(header.kid) : undefined;
    if (!header || header.alg !== 'HS256' || !key || FORBIDDEN_HEADERS.some((name) => name in header)) {
      throw new AppError('TOKEN_INVALID');
    }
    return key;
  }

  /** Full verification (signature, alg, kid, exp, iss, aud, claims): the socket handshake uses it. */
  verify(rawToken: string): VerifiedClaims {
    try {
      return this.claimsOf(jwt.verify(rawToken, this.keyFor(rawToken), this.verifyOptions));
    } catch (error) {
      throw this.toAppError(error);
    }
  }

  /** The claims of a signature-checked payload; a token without `exp` or well-formed ids is invalid. */
  claimsOf(payload: string | JwtPayload): VerifiedClaims {
    if (
      typeof payload === 'string' ||
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

/** A key's public name: a short fingerprint, so rotating keys needs no separate kid configuration. */
function keyId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
