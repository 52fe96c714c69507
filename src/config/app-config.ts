import type { TrustProxy } from '../common/client-address.js';

export type CookieSameSite = 'lax' | 'strict' | 'none';
export type Locale = 'es' | 'en';

/** Typed, validated configuration. Built once at boot from the environment (see env.ts). */
export interface AppConfig {
  production: boolean;
  host: string;
  port: number;
  /** Unset: the embedded PGlite database in dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedDbPort: number;
  dbConnectTimeoutMs: number;
  jwt: {
    /** Signs new tokens. */
    secret: string;
    /** Still verify, picked by kid, so a key rotation logs nobody out. */
    previousSecrets: string[];
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
  };
  refreshTtlSeconds: number;
  sessionMaxAgeSeconds: number;
  refreshReuseGraceSeconds: number;
  bcryptRounds: number;
  /** Hashes computed at once; the rest queue, so a burst of logins leaves the event loop a core. */
  bcryptConcurrency: number;
  adminKey: string | null;
  cookies: { sameSite: CookieSameSite; secure: boolean };
  defaultLocale: Locale;
  corsOrigins: string[];
  clinic: {
    name: string;
    /** IANA zone of working hours, availability days and PDF times. */
    timezone: string;
    /** A patient may cancel only this long before the start (staff always may). */
    cancelMinNoticeHours: number;
    /** Scheduled or confirmed appointments still to come that one patient may hold at once. */
    maxUpcomingPerPatient: number;
    /** A reminder is mailed this long before each scheduled or confirmed appointment. */
    reminderHoursBefore: number;
    /** At most one "you have a reply" mail per support thread in this many minutes. */
    chatMailDigestMinutes: number;
  };
  /** Which X-Forwarded-For hops to believe (see client-address.ts). */
  trustProxy: TrustProxy;
  /** Set: Socket.IO fans out over Redis (else over PostgreSQL when databaseUrl is set). */
  redisUrl: string | null;
  /** Starts every Redis key and channel of this deployment (see redis-prefix.ts). */
  redisPrefix: string;
  /** Failed logins of one email from one IP within 15 minutes that lock that pair, and for how long. */
  loginMaxFailures: number;
  loginLockMinutes: number;
  /** Requests a minute per client IP: on /auth/*, and on everything else. */
  authRateLimit: number;
  apiRateLimit: number;
  /** A query running longer is cancelled and the request answers 503. */
  dbQueryTimeoutMs: number;
  logLevel: LogLevel;
  mail: MailConfig;
  /** How long a password-reset link works. */
  passwordResetTtlSeconds: number;
  /** How long an e-mail verification (or change confirmation) link works. */
  emailVerifyTtlSeconds: number;
  /** Logging in needs a verified e-mail (403 EMAIL_NOT_VERIFIED otherwise). */
  requireVerifiedEmail: boolean;
}

/** E-mail delivery (src/mail): SMTP when smtpUrl is set, else `.eml` files under dataDir/mail. */
export interface MailConfig {
  smtpUrl: string | null;
  /** The From header: `"Clínica Vitalis" <no-reply@…>`. */
  from: string;
  /** MAIL_DISABLED=true: nothing is queued or sent (a deployment that has no mail on purpose). */
  disabled: boolean;
  /** The front-end's base URL: links in mails point to its pages (`/reset-password#token=…`). */
  publicAppUrl: string;
  /** One SMTP conversation may take this long; a claimed message is someone else's to retry after twice that. */
  sendTimeoutMs: number;
  /** The first retry's delay; each next one doubles it, up to 15 minutes. */
  retryBaseMs: number;
  /** How often the outbox is looked at besides the nudge each committed message gives. */
  pollMs: number;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
