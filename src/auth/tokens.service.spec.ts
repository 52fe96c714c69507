import jwt from 'jsonwebtoken';
import { createHmac, randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/app-config.js';
import { AppError } from '../common/app-error.js';
import { JwtService } from '@nestjs/jwt';
import { jwtModuleOptions } from './jwt-keys.js';
import { TokensService } from './tokens.service.js';

const SECRET = 'unit-test-secret-unit-test-secret-1234';
const OLD_SECRET = 'previous-secret-previous-secret-12345';

function makeConfig(secret = SECRET, previousSecrets: string[] = []): AppConfig {
  return {
    jwt: { secret, previousSecrets, issuer: 'vitalis', audience: 'vitalis-api', accessTtlSeconds: 900 },
  } as AppConfig;
}

/** The service as AuthModule wires it: JwtService with the options of jwt-keys.ts. */
const tokensFor = (config: AppConfig): TokensService =>
  new TokensService(config, new JwtService(jwtModuleOptions(config)));

const claims = { sub: randomUUID(), sid: randomUUID(), rol: 'user' as const };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : 'NOT_APP_ERROR';
  }
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('TokensService', () => {
  const sut = tokensFor(makeConfig());

  it('signs HS256 tokens with kid, iss, aud, exp and the claims, and verifies them', () => {
    const token = sut.sign(claims);
    const decoded = jwt.decode(token, { complete: true })!;
    expect(decoded.header.alg).toBe('HS256');
    expect(decoded.header.kid).toMatch(/^[0-9a-f]{16}$/);
    expect(decoded.payload).toMatchObject({ ...claims, iss: 'vitalis', aud: 'vitalis-api' });
    expect(sut.verify(token)).toEqual({ ...claims, exp: (decoded.payload as { exp: number }).exp });
  });

  it('still verifies a token signed with a previous secret, by kid', () => {
    const old = tokensFor(makeConfig(OLD_SECRET)).sign(claims);
    const rotated = tokensFor(makeConfig(SECRET, [OLD_SECRET]));
    expect(rotated.verify(old)).toEqual({ ...claims, exp: expect.any(Number) });
    expect(codeOf(() => sut.verify(old))).toBe('TOKEN_INVALID');
  });

  it('refuses alg none', () => {
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, exp: 9999999999 })}.`;
    expect(codeOf(() => sut.verify(token))).toBe('TOKEN_INVALID');
  });

  it('refuses HS512 even with the right key', () => {
    const kid = jwt.decode(sut.sign(claims), { complete: true })!.header.kid!;
    const token = jwt.sign(claims, SECRET, {
      algorithm: 'HS512',
      keyid: kid,
      expiresIn: 60,
      issuer: 'vitalis',
      audience: 'vitalis-api',
    });
    expect(codeOf(() => sut.verify(token))).toBe('TOKEN_INVALID');
  });

  it('refuses a token without exp', () => {
    const kid = jwt.decode(sut.sign(claims), { complete: true })!.header.kid!;
    const token = jwt.sign(claims, SECRET, {
      algorithm: 'HS256',
      keyid: kid,
      issuer: 'vitalis',
      audience: 'vitalis-api',
    });
    expect(codeOf(() => sut.verify(token))).toBe('TOKEN_INVALID');
  });

  it.each([
    ['an unknown kid', { kid: 'feedfacefeedface' }],
    ['a jwk header', { jwk: { kty: 'oct', k: 'AAAA' } }],
    ['a jku header', { jku: 'http://127.0.0.1/keys' }],
    ['an x5u header', { x5u: 'http://127.0.0.1/cert' }],
  ])('refuses %s', (_name, extra) => {
    const kid = jwt.decode(sut.sign(claims), { complete: true })!.header.kid!;
    const header = base64url({ alg: 'HS256', typ: 'JWT', kid, ...extra });
    const payload = base64url({
      ...claims,
      exp: Math.floor(Date.now() / 1000) + 60,
      iss: 'vitalis',
      aud: 'vitalis-api',
    });
    const signature = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
    expect(codeOf(() => sut.verify(`${header}.${payload}.${signature}`))).toBe('TOKEN_INVALID');
  });

  it('refuses another issuer or audience', () => {
    const other = tokensFor({
      ...makeConfig(),
      jwt: { ...makeConfig().jwt, issuer: 'evil', audience: 'other' },
    });
    expect(codeOf(() => sut.verify(other.sign(claims)))).toBe('TOKEN_INVALID');
  });

  it('says TOKEN_EXPIRED once exp has passed', () => {
    const kid = jwt.decode(sut.sign(claims), { complete: true })!.header.kid!;
    const token = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, SECRET, {
      algorithm: 'HS256',
      keyid: kid,
      issuer: 'vitalis',
      audience: 'vitalis-api',
    });
    expect(codeOf(() => sut.verify(token))).toBe('TOKEN_EXPIRED');
  });

  it('refuses a tampered payload and garbage', () => {
    const [header, , signature] = sut.sign(claims).split('.');
    const forged = base64url({
      ...claims,
      rol: 'admin',
      exp: 9999999999,
      iss: 'vitalis',
      aud: 'vitalis-api',
    });
    expect(codeOf(() => sut.verify(`${header}.${forged}.${signature}`))).toBe('TOKEN_INVALID');
    expect(codeOf(() => sut.verify('not-a-jwt'))).toBe('TOKEN_INVALID');
  });
});
