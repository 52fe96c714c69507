import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ConcurrencyLimit } from './concurrency-limit.js';

/** bcrypt's limit: it ignores what follows. */
export const MAX_PASSWORD_BYTES = 72;

/**
 * bcrypt on the libuv pool (async API only), with the cost from BCRYPT_ROUNDS, at most BCRYPT_CONCURRENCY hashes
 * at once: unbounded, a burst of logins fills the pool's four threads and the cores with them, and every other
 * request waits behind it.
 */
@Injectable()
export class PasswordsService {
  /** Compared against when the e-mail is unknown, so a miss costs the same time as a wrong password. */
  private dummyHash: Promise<string> | null = null;
  private readonly limit: ConcurrencyLimit;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.limit = new ConcurrencyLimit(config.bcryptConcurrency);
  }

  hash(password: string): Promise<string> {
    return this.limit.run(() => bcrypt.hash(password, this.config.bcryptRounds));
  }

  /**
   * Verifies against the stored hash, or against a dummy hash of the same cost when there is none. bcrypt reads
   * only the first 72 bytes, so a longer password (which no account can have) is a failure, in the same time.
   */
  async verify(password: string, hash: string | null): Promise<boolean> {
    this.dummyHash ??= this.hash('vitalis-dummy-password');
    const usable = hash !== null && Buffer.byteLength(password, 'utf8') <= MAX_PASSWORD_BYTES;
    const against = usable ? hash : await this.dummyHash;
    const matches = await this.limit.run(() => bcrypt.compare(password, against));
    return usable && matches;
  }
}
