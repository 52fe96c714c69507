import { IANAZone } from 'luxon';
import { availableParallelism } from 'node:os';
import proxyAddr from '@fastify/proxy-addr';
import type { TrustProxy } from '../common/client-address.js';
import type { AppConfig, CookieSameSite, Locale, LogLevel } from './app-config.js';
import { parseDurationSeconds } from './duration.js';
import { loadOrCreateDevSecret } from './dev-secret.js';
import { defaultRedisPrefix, PATTERN_CHARACTER } from './redis-prefix.js';

type Env = Record<string, string | undefined>;

/** Thrown at boot with one line per bad variable. */
export class InvalidEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const MIN_PRODUCTION_SECRET_LENGTH = 32;
/** Anything else (`prod`, `staging`) would run with development defaults: refused. */
const NODE_ENVS = ['development', 'test', 'production'] as const;

/**
 * As many hashes at once as cores, so logins use the machine, but not more: unbounded, 20 logins fill libuv's pool
 * (4 threads) and outnumber the event loop on the cores (docs/PERFORMANCE.md). One pool thread always stays free for
 * file and DNS work.
 */
function defaultHashConcurrency(env: Env): number {
  const pool = Number(env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism(), pool - 1));
}

/** Reads and validates every variable (documented in .env.example); throws InvalidEnvError listing all problems. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);
  const production = read.oneOf('NODE_ENV', NODE_ENVS, 'development') === 'production';
  const dataDir = read.string('DATA_DIR', './.data');
  const databaseUrl = read.postgresUrl('DATABASE_URL');

  const config: AppConfig = {
    production,
    host: read.string('HOST', production ? '0.0.0.0' : '127.0.0.1'),
    port: read.int('PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir,
    embeddedDbPort: read.int('EMBEDDED_DB_PORT', 0, 0, 65535),
    dbConnectTimeoutMs: read.int('DB_CONNECT_TIMEOUT_MS', 5000, 100, 120000),
    jwt: {
      secret: '',
      previousSecrets: read.list('JWT_PREVIOUS_SECRETS'),
      issuer: read.string('JWT_ISSUER', 'vitalis'),
      audience: read.string('JWT_AUDIENCE', 'vitalis-api'),
      accessTtlSeconds: read.duration('ACCESS_TOKEN_TTL', '15m'),
    },
    refreshTtlSeconds: read.duration('REFRESH_TOKEN_TTL', '7d'),
    sessionMaxAgeSeconds: read.duration('SESSION_MAX_AGE', '30d'),
    refreshReuseGraceSeconds: read.int('REFRESH_REUSE_GRACE_SECONDS', 10, 0, 300),
    bcryptRounds: read.int('BCRYPT_ROUNDS', 12, production ? 10 : 4, 15),
    bcryptConcurrency: read.int('BCRYPT_CONCURRENCY', defaultHashConcurrency(env), 1, 64),
    adminKey: read.optional('KEY_FOR_ADMIN'),
    cookies: {
      sameSite: read.oneOf<CookieSameSite>('COOKIE_SAMESITE', ['lax', 'strict', 'none'], 'lax'),
      secure: read.bool('COOKIE_SECURE', production),
    },
    defaultLocale: read.oneOf<Locale>('DEFAULT_LOCALE', ['es', 'en'], 'es'),
    corsOrigins: read.list('CORS_ORIGINS'),
    trustProxy: read.trustProxy('TRUST_PROXY'),
    redisUrl: read.optional('REDIS_URL'),
    redisPrefix: read.redisPrefix('REDIS_PREFIX') ?? defaultRedisPrefix(databaseUrl, dataDir),
    loginMaxFailures: read.int('LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginLockMinutes: read.int('LOGIN_LOCK_MINUTES', 15, 1, 1440),
    authRateLimit: read.int('AUTH_RATE_LIMIT', 20, 1, 1_000_000),
    apiRateLimit: read.int('API_RATE_LIMIT', 600, 1, 1_000_000),
    dbQueryTimeoutMs: read.int('DB_QUERY_TIMEOUT_MS', 5000, 100, 600000),
    logLevel: read.oneOf<LogLevel>(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    ),
    clinic: {
      name: read.string('CLINIC_NAME', 'Clínica Vitalis'),
      timezone: read.timezone('CLINIC_TIMEZONE', 'Europe/Madrid'),
      cancelMinNoticeHours: read.int('CANCEL_MIN_NOTICE_HOURS', 24, 0, 720),
      maxUpcomingPerPatient: read.int('MAX_UPCOMING_APPOINTMENTS_PER_PATIENT', 5, 1, 1000),
      reminderHoursBefore: read.int('REMINDER_HOURS_BEFORE', 24, 1, 336),
      chatMailDigestMinutes: read.int('CHAT_MAIL_DIGEST_MINUTES', 15, 1, 1440),
    },
    mail: {
      smtpUrl: read.smtpUrl('SMTP_URL'),
      from: read.string(
        'MAIL_FROM',
        `"${read.string('CLINIC_NAME', 'Clínica Vitalis')}" <no-reply@localhost>`,
      ),
      disabled: read.bool('MAIL_DISABLED', false),
      publicAppUrl: read.httpUrl('PUBLIC_APP_URL', 'http://localhost:5173'),
      sendTimeoutMs: read.int('MAIL_SEND_TIMEOUT_MS', 30_000, 500, 600_000),
      retryBaseMs: read.int('MAIL_RETRY_BASE_MS', 5_000, 50, 3_600_000),
      pollMs: read.int('MAIL_POLL_MS', 5_000, 50, 3_600_000),
    },
    passwordResetTtlSeconds: read.duration('PASSWORD_RESET_TTL', '30m'),
    emailVerifyTtlSeconds: read.duration('EMAIL_VERIFY_TTL', '48h'),
    requireVerifiedEmail: read.bool('REQUIRE_VERIFIED_EMAIL', false),
  };

  const secret = read.optional('JWT_SECRET');
  if (production && (!secret || secret.length < MIN_PRODUCTION_SECRET_LENGTH)) {
    problems.push(
      `JWT_SECRET: production needs a secret of at least ${MIN_PRODUCTION_SECRET_LENGTH} characters`,
    );
  }
  const weakPrevious = config.jwt.previousSecrets.filter(
    (previous) => previous.length < MIN_PRODUCTION_SECRET_LENGTH,
  );
  if (production && weakPrevious.length > 0) {
    problems.push(
      `JWT_PREVIOUS_SECRETS: production needs every secret to have at least ${MIN_PRODUCTION_SECRET_LENGTH} characters (${weakPrevious.length} shorter)`,
    );
  }
  if (production && config.adminKey !== null && config.adminKey.length < 16) {
    problems.push('KEY_FOR_ADMIN: production needs at least 16 characters, or leave it unset');
  }
  if (production && !config.mail.disabled && config.mail.smtpUrl === null) {
    problems.push(
      'SMTP_URL: production sends mail (password resets) over SMTP; set it, or MAIL_DISABLED=true to run without mail',
    );
  }
  if (production && !config.mail.disabled) {
    problems.push(...productionMailProblems(read, config.mail.publicAppUrl));
  }
  if (config.cookies.sameSite === 'none' && !config.cookies.secure) {
    problems.push('COOKIE_SAMESITE: "none" needs COOKIE_SECURE=true (browsers drop such cookies otherwise)');
  }
  if (problems.length > 0) {
    throw new InvalidEnvError(problems);
  }
  config.jwt.secret = secret ?? loadOrCreateDevSecret(dataDir);
  return config;
}

const LOOPBACK_HOST = /^(localhost|127\.[0-9.]+|\[::1\])$/;

/**
 * Production mails links that work once: they must point at the real front-end over HTTPS (the token would cross
 * the network in the clear otherwise), and say who sends them.
 */
function productionMailProblems(read: EnvReader, publicAppUrl: string): string[] {
  const problems: string[] = [];
  const url = new URL(publicAppUrl);
  if (
    read.optional('PUBLIC_APP_URL') === null ||
    url.protocol !== 'https:' ||
    LOOPBACK_HOST.test(url.hostname)
  ) {
    problems.push(
      `PUBLIC_APP_URL: production mails links to the front-end; set its public https:// base URL, got "${publicAppUrl}"`,
    );
  }
  if (read.optional('MAIL_FROM') === null) {
    problems.push(
      'MAIL_FROM: production mail needs a sender address of the clinic\'s, such as "Clínica Vitalis" <citas@…>',
    );
  }
  return problems;
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  optional(name: string): string | null {
    const value = this.env[name]?.trim();
    return value ? value : null;
  }

  string(name: string, fallback: string): string {
    return this.optional(name) ?? fallback;
  }

  list(name: string): string[] {
    return (this.optional(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
  }

  /** A PostgreSQL connection URL (`postgres://` or `postgresql://`), or null when unset. */
  postgresUrl(name: string): string | null {
    const url = this.optional(name);
    if (url !== null && !/^postgres(ql)?:\/\/[^\s]+$/i.test(url)) {
      this.problems.push(
        `${name}: expected a postgres:// or postgresql:// URL, got "${url.split(':')[0]}:…"`,
      );
      return null;
    }
    return url;
  }

  /** An `smtp://` or `smtps://` URL (user and password inside it), or null when unset. */
  smtpUrl(name: string): string | null {
    const url = this.optional(name);
    if (url !== null && !/^smtps?:\/\/[^\s]+$/i.test(url)) {
      this.problems.push(`${name}: expected an smtp:// or smtps:// URL, got "${url.split(':')[0]}:…"`);
      return null;
    }
    return url;
  }

  /** An http(s) base URL, without a trailing slash. */
  httpUrl(name: string, fallback: string): string {
    const text = this.string(name, fallback);
    try {
      const url = new URL(text);
      if (url.protocol === 'http:' || url.protocol === 'https:') {
        return url.toString().replace(/\/+$/, '');
      }
    } catch {
      // Reported below.
    }
    this.problems.push(`${name}: expected an http:// or https:// URL, got "${text}"`);
    return fallback;
  }

  /** Unset: null. Refused with what PSUBSCRIBE would read as a pattern. */
  redisPrefix(name: string): string | null {
    const prefix = this.optional(name);
    if (prefix !== null && PATTERN_CHARACTER.test(prefix)) {
      this.problems.push(
        `${name}: no spaces and none of * ? [ ] \\ (Redis reads them as a pattern), got "${prefix}"`,
      );
      return null;
    }
    return prefix;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const text = this.optional(name);
    if (text === null) {
      return fallback;
    }
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name}: expected an integer from ${min} to ${max}, got "${text}"`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const text = this.optional(name)?.toLowerCase();
    if (text === undefined) {
      return fallback;
    }
    if (['true', '1', 'yes', 'on'].includes(text)) {
      return true;
    }
    if (['false', '0', 'no', 'off'].includes(text)) {
      return false;
    }
    this.problems.push(`${name}: expected true or false, got "${text}"`);
    return fallback;
  }

  /**
   * false (default); true, meaning the one proxy in front; a hop count; or the proxies' addresses and CIDRs,
   * comma-separated (`127.0.0.1,10.0.0.0/8`). Never "trust everything": the client would pick its own address.
   */
  trustProxy(name: string): TrustProxy {
    const text = this.optional(name)?.toLowerCase();
    if (text === undefined || ['false', '0', 'no', 'off'].includes(text)) {
      return false;
    }
    if (['true', 'yes', 'on'].includes(text)) {
      return 1;
    }
    if (/^[0-9]+$/.test(text)) {
      return this.int(name, 1, 1, 100);
    }
    const addresses = this.list(name);
    if (addresses.some((address) => /^(0\.0\.0\.0|::)\/0$/.test(address))) {
      this.problems.push(`${name}: trusting every address lets any client pick its own; name the proxies`);
      return false;
    }
    try {
      proxyAddr.compile(addresses);
      return addresses;
    } catch {
      this.problems.push(
        `${name}: expected true, a hop count or proxy addresses/CIDRs such as 127.0.0.1,10.0.0.0/8, got "${text}"`,
      );
      return false;
    }
  }

  duration(name: string, fallback: string): number {
    const text = this.string(name, fallback);
    const seconds = parseDurationSeconds(text);
    if (seconds === null) {
      this.problems.push(`${name}: expected a duration such as 900, 45s, 15m, 12h or 7d, got "${text}"`);
      return parseDurationSeconds(fallback) ?? 0;
    }
    return seconds;
  }

  timezone(name: string, fallback: string): string {
    const zone = this.string(name, fallback);
    if (!IANAZone.isValidZone(zone)) {
      this.problems.push(`${name}: expected an IANA time zone such as Europe/Madrid, got "${zone}"`);
      return fallback;
    }
    return zone;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const text = this.optional(name)?.toLowerCase();
    if (text === undefined) {
      return fallback;
    }
    if (!(allowed as readonly string[]).includes(text)) {
      this.problems.push(`${name}: expected one of ${allowed.join(', ')}, got "${text}"`);
      return fallback;
    }
    return text as T;
  }
}
