import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidEnvError, loadConfig } from './env.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return error instanceof InvalidEnvError ? error.problems : ['not an InvalidEnvError'];
  }
}

/** Production with its mail settings, which it cannot start without (tested on their own below). */
const PRODUCTION = {
  NODE_ENV: 'production',
  SMTP_URL: 'smtp://mailer:secret@mail.clinic.test:587',
  PUBLIC_APP_URL: 'https://app.clinic.test/',
  MAIL_FROM: '"Clínica Vitalis" <citas@clinic.test>',
};

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
      bcryptConcurrency: Math.min(availableParallelism(), 3),
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

  it('accepts only development, test and production as NODE_ENV', () => {
    expect(problemsOf({ NODE_ENV: 'prod', JWT_SECRET: strongSecret })).toEqual([
      'NODE_ENV: expected one of development, test, production, got "prod"',
    ]);
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: strongSecret }).production).toBe(false);
  });

  it('accepts only a PostgreSQL DATABASE_URL, and never echoes its password', () => {
    expect(problemsOf({ JWT_SECRET: strongSecret, DATABASE_URL: 'mysql://root:hunter2@db/vitalis' })).toEqual(
      ['DATABASE_URL: expected a postgres:// or postgresql:// URL, got "mysql:…"'],
    );
    for (const url of ['postgres://u:p@h:5432/db', 'postgresql://h/db']) {
      expect(loadConfig({ JWT_SECRET: strongSecret, DATABASE_URL: url }).databaseUrl).toBe(url);
    }
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
    expect(problemsOf({ ...PRODUCTION })).toEqual([expect.stringMatching(/^JWT_SECRET: .*32/)]);
    expect(problemsOf({ ...PRODUCTION, JWT_SECRET: 'short' })).toEqual([
      expect.stringMatching(/^JWT_SECRET/),
    ]);
    expect(problemsOf({ ...PRODUCTION, JWT_SECRET: strongSecret })).toEqual([]);
  });

  it('in production, refuses a JWT_PREVIOUS_SECRETS entry under 32 characters, as for JWT_SECRET', () => {
    const production = { ...PRODUCTION, JWT_SECRET: strongSecret };
    expect(problemsOf({ ...production, JWT_PREVIOUS_SECRETS: `${'p'.repeat(32)}, old-weak-one` })).toEqual([
      expect.stringMatching(/^JWT_PREVIOUS_SECRETS: .*32 characters \(1 shorter\)/),
    ]);
    expect(problemsOf({ ...production, JWT_PREVIOUS_SECRETS: 'p'.repeat(32) })).toEqual([]);
    expect(problemsOf({ JWT_SECRET: strongSecret, JWT_PREVIOUS_SECRETS: 'short' })).toEqual([]);
  });

  it('reads TRUST_PROXY as off, the one proxy in front, a hop count or proxy addresses, never "trust all"', () => {
    const trustOf = (value: string) =>
      loadConfig({ JWT_SECRET: strongSecret, TRUST_PROXY: value }).trustProxy;
    expect(loadConfig({ JWT_SECRET: strongSecret }).trustProxy).toBe(false);
    expect(trustOf('false')).toBe(false);
    expect(trustOf('true')).toBe(1);
    expect(trustOf('2')).toBe(2);
    expect(trustOf('127.0.0.1, 10.0.0.0/8, ::1')).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(problemsOf({ JWT_SECRET: strongSecret, TRUST_PROXY: '0.0.0.0/0' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY: trusting every address/),
    ]);
    expect(problemsOf({ JWT_SECRET: strongSecret, TRUST_PROXY: '1000' })).toEqual([
      'TRUST_PROXY: expected an integer from 1 to 100, got "1000"',
    ]);
    expect(problemsOf({ JWT_SECRET: strongSecret, TRUST_PROXY: 'nginx' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY: expected true, a hop count or proxy addresses/),
    ]);
  });

  it('prefixes Redis keys and channels by deployment: REDIS_PREFIX, else the database, else the data folder', () => {
    const prefixOf = (env: Record<string, string>) =>
      loadConfig({ JWT_SECRET: strongSecret, DATA_DIR: 'data', ...env }).redisPrefix;
    expect(prefixOf({ DATABASE_URL: 'postgres://u:p@db:5432/clinica_norte?sslmode=require' })).toBe(
      'vitalis:clinica_norte',
    );
    // A character PSUBSCRIBE would read as a pattern stands for itself no more: replaced.
    expect(prefixOf({ DATABASE_URL: 'postgres://db/clinica%2A%5Bsur%5D' })).toBe('vitalis:clinica__sur_');
    expect(prefixOf({ DATABASE_URL: 'postgres://ana@db' })).toBe('vitalis:ana');
    expect(prefixOf({})).toBe(`vitalis:${resolve('data')}`);
    expect(prefixOf({ REDIS_PREFIX: 'clinic-north', DATABASE_URL: 'postgres://db/x' })).toBe('clinic-north');
    expect(problemsOf({ JWT_SECRET: strongSecret, REDIS_PREFIX: 'clinic*' })).toEqual([
      'REDIS_PREFIX: no spaces and none of * ? [ ] \\ (Redis reads them as a pattern), got "clinic*"',
    ]);
  });

  it('in production, defaults to secure cookies and refuses a cheap bcrypt cost', () => {
    const sut = loadConfig({ ...PRODUCTION, JWT_SECRET: strongSecret });
    expect(sut.cookies.secure).toBe(true);
    expect(sut.host).toBe('0.0.0.0');
    expect(problemsOf({ ...PRODUCTION, JWT_SECRET: strongSecret, BCRYPT_ROUNDS: '4' })).toEqual([
      expect.stringMatching(/^BCRYPT_ROUNDS: expected an integer from 10 to 15/),
    ]);
  });

  it('hashes at most as many passwords at once as cores, keeping one libuv pool thread free', () => {
    const base = { ...PRODUCTION, JWT_SECRET: strongSecret };
    expect(loadConfig({ ...base, UV_THREADPOOL_SIZE: '2' }).bcryptConcurrency).toBe(1);
    expect(loadConfig({ ...base, UV_THREADPOOL_SIZE: '64' }).bcryptConcurrency).toBe(availableParallelism());
    expect(loadConfig({ ...base, BCRYPT_CONCURRENCY: '3' }).bcryptConcurrency).toBe(3);
    expect(problemsOf({ ...base, BCRYPT_CONCURRENCY: '0' })).toEqual([
      expect.stringMatching(/^BCRYPT_CONCURRENCY: expected an integer from 1 to 64/),
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

  it('in production, refuses to start without SMTP_URL, an https PUBLIC_APP_URL and MAIL_FROM, unless MAIL_DISABLED=true', () => {
    const bare = { NODE_ENV: 'production', JWT_SECRET: strongSecret };
    expect(problemsOf(bare)).toEqual([
      expect.stringMatching(/^SMTP_URL: production sends mail .* or MAIL_DISABLED=true/),
      expect.stringMatching(
        /^PUBLIC_APP_URL: production mails links .*https:\/\/ base URL, got "http:\/\/localhost:5173"/,
      ),
      expect.stringMatching(/^MAIL_FROM: production mail needs a sender/),
    ]);
    expect(problemsOf({ ...bare, MAIL_DISABLED: 'true' })).toEqual([]);
    const withMail = { ...PRODUCTION, JWT_SECRET: strongSecret };
    // .env.example's development value, an empty one, plain http and a loopback host are all refused.
    for (const PUBLIC_APP_URL of [
      'http://localhost:5173',
      ' ',
      'http://app.clinic.test',
      'https://127.0.0.1',
    ]) {
      expect(problemsOf({ ...withMail, PUBLIC_APP_URL })).toEqual([
        expect.stringMatching(/^PUBLIC_APP_URL: /),
      ]);
    }
    expect(loadConfig(withMail).mail).toMatchObject({
      smtpUrl: PRODUCTION.SMTP_URL,
      publicAppUrl: 'https://app.clinic.test',
      from: PRODUCTION.MAIL_FROM,
      disabled: false,
    });
  });

  it('refuses a mail server or front-end address that is not one', () => {
    expect(problemsOf({ SMTP_URL: 'mail.clinic.test:25', PUBLIC_APP_URL: 'app.clinic.test' })).toEqual([
      'SMTP_URL: expected an smtp:// or smtps:// URL, got "mail.clinic.test:…"',
      'PUBLIC_APP_URL: expected an http:// or https:// URL, got "app.clinic.test"',
    ]);
    expect(problemsOf({ PASSWORD_RESET_TTL: 'half an hour' })).toEqual([
      expect.stringMatching(/^PASSWORD_RESET_TTL: expected a duration/),
    ]);
  });
});
