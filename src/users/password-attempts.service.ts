import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { normalizeIp } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

const WINDOW = `interval '15 minutes'`;
const PURGE_EVERY_MS = 10 * 60_000;

/** Whose password is being guessed, and from where. */
export interface AttemptKey {
  /** A login's normalized e-mail, or `password-change:<userId>`. */
  subject: string;
  /** The client address (an IPv6 address stands for its /64), or `*` for every address. */
  ip: string;
}

/** An IPv6 client rotates addresses inside its /64 for free: lock the /64, as the rate limiter counts it. */
export const attemptAddress = (ip: string | null): string => (ip ? normalizeIp(ip) : 'unknown');

/**
 * Brute-force lock-out for logins and password changes, counted in the database so it holds across instances and
 * restarts. An attempt is reserved (counted) in one atomic statement before the password is compared, so however
 * many arrive at once, no more than LOGIN_MAX_FAILURES passwords are compared in a window; the rest are 429
 * without a compare.
 */
@Injectable()
export class PasswordAttemptsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Lockout');
  private purgeTimer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Counts one attempt; 429 TOO_MANY_ATTEMPTS (with the seconds to wait) while the key is locked or the window's
   * allowance is taken, in-flight attempts included. A lock that has run out starts a fresh window.
   */
  async reserve({ subject, ip }: AttemptKey): Promise<void> {
    const rows: { attempts: number; locked: boolean; wait: number }[] = await this.db.query(
      `INSERT INTO login_attempts AS a (subject, ip, attempts, window_started_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (subject, ip) DO UPDATE SET
         attempts = CASE WHEN a.locked_until > now() THEN a.attempts
                         WHEN a.locked_until IS NOT NULL OR a.window_started_at <= now() - ${WINDOW} THEN 1
                         ELSE a.attempts + 1 END,
         window_started_at = CASE WHEN a.locked_until > now() THEN a.window_started_at
                         WHEN a.locked_until IS NOT NULL OR a.window_started_at <= now() - ${WINDOW} THEN now()
                         ELSE a.window_started_at END,
         locked_until = CASE WHEN a.locked_until > now() THEN a.locked_until END
       RETURNING attempts, locked_until IS NOT NULL AS locked,
         ceil(extract(epoch FROM coalesce(locked_until, window_started_at + ${WINDOW}) - now()))::int AS wait`,
      [subject, ip],
    );
    const [{ attempts, locked, wait }] = rows;
    if (locked || attempts > this.config.loginMaxFailures) {
      throw new AppError('TOO_MANY_ATTEMPTS', [], Math.max(wait, 1));
    }
  }

  /** The reserved attempt failed; true when it used up the allowance and so locked the key. */
  async fail({ subject, ip }: AttemptKey): Promise<boolean> {
    // A SELECT around the UPDATE: TypeORM answers a bare UPDATE with [rows, count], not its rows.
    const [{ locked }]: { locked: number }[] = await this.db.query(
      `WITH locked AS (
         UPDATE login_attempts SET locked_until = now() + make_interval(mins => $3)
          WHERE subject = $1 AND ip = $2 AND attempts >= $4 AND locked_until IS NULL
          RETURNING 1
       )
       SELECT count(*)::int AS locked FROM locked`,
      [subject, ip, this.config.loginLockMinutes, this.config.loginMaxFailures],
    );
    return locked > 0;
  }

  /** The reserved attempt was no guess (right password): the key's count starts again. */
  async succeed({ subject, ip }: AttemptKey): Promise<void> {
    await this.db.query(
      `DELETE FROM login_attempts WHERE subject = $1 AND ip = $2 AND locked_until IS NULL`,
      [subject, ip],
    );
  }

  /**
   * `npm run seed`: forgets an account's failed logins (from every address) and failed password changes, so its
   * lock-outs end now; true when there were any.
   */
  async forget(email: string, userId: string): Promise<boolean> {
    const [{ forgotten }]: { forgotten: number }[] = await this.db.query(
      `WITH gone AS (DELETE FROM login_attempts WHERE subject = $1 OR subject LIKE $2 RETURNING 1)
       SELECT count(*)::int AS forgotten FROM gone`,
      [email.toLowerCase(), `password-change:${userId}%`],
    );
    return forgotten > 0;
  }

  /** Rows of windows and locks that have run out: dropped in the background, never on a request's path. */
  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.purgeTimer) {
      clearInterval(this.purgeTimer);
    }
  }

  async purge(): Promise<void> {
    try {
      await this.db.query(
        `DELETE FROM login_attempts
          WHERE window_started_at < now() - ${WINDOW} AND (locked_until IS NULL OR locked_until < now())`,
      );
    } catch (error) {
      this.logger.warn(`could not purge old login attempts: ${(error as Error).message}`);
    }
  }
}
