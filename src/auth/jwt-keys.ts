import type { JwtModuleOptions } from '@nestjs/jwt';
import { JwtSecretRequestType } from '@nestjs/jwt';
import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';

/** Header fields that would let a token choose its own key: never honoured. */
const FORBIDDEN_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'];

/**
 * The access-token keys, as KeyObjects (jsonwebtoken re-imports a string secret on every call: measured ~12x
 * slower): JWT_SECRET signs, JWT_PREVIOUS_SECRETS still verify, each named by its `kid`.
 */
export class JwtKeys {
  private static readonly byConfig = new WeakMap<AppConfig, JwtKeys>();
  readonly signingKid: string;
  private readonly keys = new Map<string, KeyObject>();

  private constructor(config: AppConfig) {
    this.signingKid = keyId(config.jwt.secret);
    for (const secret of [config.jwt.secret, ...config.jwt.previousSecrets]) {
      this.keys.set(keyId(secret), createSecretKey(Buffer.from(secret, 'utf8')));
    }
  }

  /** One set of keys per configuration, shared by JwtService and the passport strategy. */
  static of(config: AppConfig): JwtKeys {
    let keys = JwtKeys.byConfig.get(config);
    if (!keys) {
      keys = new JwtKeys(config);
      JwtKeys.byConfig.set(config, keys);
    }
    return keys;
  }

  signingKey(): KeyObject {
    return this.keys.get(this.signingKid)!;
  }

  /**
   * The key a token names by `kid`; TOKEN_INVALID for an unknown kid, another alg, or a header naming its own key.
   * Reads the header alone: the payload is decoded once, by the verification that follows.
   */
  keyFor(rawToken: string): KeyObject {
    const header = headerOf(rawToken);
    const key = typeof header?.kid === 'string' ? this.keys.get(header.kid) : undefined;
    if (!header || header.alg !== 'HS256' || !key || FORBIDDEN_HEADERS.some((name) => name in header)) {
      throw new AppError('TOKEN_INVALID');
    }
    return key;
  }
}

/** A compact JWT's header as an object, or null when it is not one. */
function headerOf(rawToken: string): Record<string, unknown> | null {
  const end = rawToken.indexOf('.');
  if (end <= 0) {
    return null;
  }
  try {
    const header: unknown = JSON.parse(Buffer.from(rawToken.slice(0, end), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && !Array.isArray(header)
      ? (header as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** JwtModule's options: HS256 only, the key by `kid`, the issuer and audience of the configuration. */
export function jwtModuleOptions(config: AppConfig): JwtModuleOptions {
  const keys = JwtKeys.of(config);
  const { issuer, audience, accessTtlSeconds } = config.jwt;
  return {
    // Verification is only ever asked for a token string; anything else names no key of ours.
    secretOrKeyProvider: (type, token) =>
      type === JwtSecretRequestType.SIGN
        ? keys.signingKey()
        : keys.keyFor(typeof token === 'string' ? token : ''),
    signOptions: {
      algorithm: 'HS256',
      keyid: keys.signingKid,
      expiresIn: accessTtlSeconds,
      issuer,
      audience,
    },
    // Issuer and audience are checked with the other claims (TokensService.claimsOf), on both transports.
    verifyOptions: { algorithms: ['HS256'] },
  };
}

/** A key's public name: a short fingerprint, so rotating keys needs no separate kid configuration. */
export function keyId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
