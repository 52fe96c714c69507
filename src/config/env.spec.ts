import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidEnvError, loadConfig } from './env.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return error instanceof InvalidEnvError ? error.problems : ['not an InvalidEnvError'];
  }
}

describe('loadConfig', () => {
  const strongSecret = 's'.repeat(32);

  it('has working defaults for a bare machine', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-env-'));
    const sut = loadConfig({ DATA_DIR: dataDir });
    expect(sut).toMatchObject({
      production: false,
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      refreshTtlSeconds: 7 * 86400,
      sessionMaxAgeSeconds: 30 * 86400,
      refreshReuseGraceSeconds: 10,
      bcryptRounds: 12,
      defaultLocale: 'es',
      cookies: { sameSite: 'lax', secure: false },
      redisUrl: null,
      loginMaxFailures: 5,
      loginLockMinutes: 15,
      authRateLimit: 20,
      apiRateLimit: 600,
      dbQueryTimeoutMs: 5000,
      logLevel: 'info',
    });
    expect(sut.jwt.accessTtlSeconds).toBe(900);
  });

  it('refuses bad defence settings, one line each', () => {
    expect(
      problemsOf({
        JWT_SECRET: strongSecret,
        LOGIN_MAX_FAILURES: '0',
        AUTH_RATE_LIMIT: 'lots',
        LOG_LEVEL: 'loud',
        DB_QUERY_TIMEOUT_MS: '10',
      }),
    ).toEqual([
      'LOGIN_MAX_FAILURES: expected an integer from 1 to 1000, got "0"',
      'AUTH_RATE_LIMIT: expected an integer from 1 to 1000000, got "lots"',
      'DB_QUERY_TIMEOUT_MS: expected an integer from 100 to 600000, got "10"',
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ]);
  });

  it('outside production, generates a missing JWT secret once and keeps it in the data directory', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-env-'));
    const first = loadConfig({ DATA_DIR: dataDir }).jwt.secret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8')).toBe(first);
    expect(loadConfig({ DATA_DIR: dataDir }).jwt.secret).toBe(first);
  });

  it('in production, refuses a missing or short JWT_SECRET', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^JWT_SECRET: .*32/)]);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toEqual([
      expect.stringMatching(/^JWT_SECRET/),
    ]);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: strongSecret })).toEqual([]);
  });

  it('in production, defaults to secure cookies and refuses a cheap bcrypt cost', () => {
    const sut = loadConfig({ NODE_ENV: 'production', JWT_SECRET: strongSecret });
    expect(sut.cookies.secure).toBe(true);
    expect(sut.host).toBe('0.0.0.0');
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: strongSecret, BCRYPT_ROUNDS: '4' })).toEqual([
      expect.stringMatching(/^BCRYPT_ROUNDS: expected an integer from 10 to 15/),
    ]);
  });

  it('lists one clear line per bad variable', () => {
    const problems = problemsOf({
      JWT_SECRET: strongSecret,
      PORT: 'eighty',
      ACCESS_TOKEN_TTL: 'soon',
      COOKIE_SAMESITE: 'sometimes',
      COOKIE_SECURE: 'maybe',
      DEFAULT_LOCALE: 'fr',
    });
    expect(problems).toEqual([
      'PORT: expected an integer from 0 to 65535, got "eighty"',
      'ACCESS_TOKEN_TTL: expected a duration such as 900, 45s, 15m, 12h or 7d, got "soon"',
      'COOKIE_SAMESITE: expected one of lax, strict, none, got "sometimes"',
      'COOKIE_SECURE: expected true or false, got "maybe"',
      'DEFAULT_LOCALE: expected one of es, en, got "fr"',
    ]);
  });

  it('refuses SameSite=None without Secure', () => {
    expect(problemsOf({ JWT_SECRET: strongSecret, COOKIE_SAMESITE: 'none' })).toEqual([
      expect.stringMatching(/^COOKIE_SAMESITE/),
    ]);
  });

  it('reads lists and durations', () => {
    const sut = loadConfig({
      JWT_SECRET: strongSecret,
      JWT_PREVIOUS_SECRETS: ' old-one , ,old-two ',
      ACCESS_TOKEN_TTL: '90s',
      REFRESH_TOKEN_TTL: '12h',
      CORS_ORIGINS: 'https://a.example,https://b.example',
    });
    expect(sut.jwt.previousSecrets).toEqual(['old-one', 'old-two']);
    expect(sut.jwt.accessTtlSeconds).toBe(90);
    expect(sut.refreshTtlSeconds).toBe(12 * 3600);
    expect(sut.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });
});
