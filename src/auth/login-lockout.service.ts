import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

const WINDOW = `interval '15 minutes'`;

/**
 * Brute-force lock-out per (email, client IP), counted in the database so it holds across instances and restarts.
 * Per pair, not per account: nobody can lock a patient out from another address.
 */
@Injectable()
export class LoginLockoutService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 429 TOO_MANY_ATTEMPTS with the seconds left, while the pair is locked. */
  async assertNotLocked(email: string, ip: string): Promise<void> {
    const rows: { seconds: number }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
         FROM login_locks WHERE email = $1 AND ip = $2 AND locked_until > now()`,
      [email, ip],
    );
    if (rows.length > 0) {
      throw new AppError('TOO_MANY_ATTEMPTS', [], Math.max(rows[0].seconds, 1));
    }
  }

  /** Counts a failure; true when it locks the pair (its failures then start again from zero). */
  async recordFailure(email: string, ip: string): Promise<boolean> {
    await this.db.query(`INSERT INTO login_failures (email, ip) VALUES ($1, $2)`, [email, ip]);
    const [{ failures }]: { failures: number }[] = await this.db.query(
      `SELECT count(*)::int AS failures FROM login_failures
        WHERE email = $1 AND ip = $2 AND failed_at > now() - ${WINDOW}`,
      [email, ip],
    );
    if (failures < this.config.loginMaxFailures) {
      return false;
    }
    await this.db.query(
      `INSERT INTO login_locks (email, ip, locked_until) VALUES ($1, $2, now() + make_interval(mins => $3))
       ON CONFLICT (email, ip) DO UPDATE SET locked_until = excluded.locked_until`,
      [email, ip, this.config.loginLockMinutes],
    );
    await this.reset(email, ip);
    return true;
  }

  /** A success forgets the pair's failures; failures older than the window go for everyone. */
  async reset(email: string, ip: string): Promise<void> {
    await this.db.query(
      `DELETE FROM login_failures WHERE (email = $1 AND ip = $2) OR failed_at < now() - ${WINDOW}`,
      [email, ip],
    );
  }
}
