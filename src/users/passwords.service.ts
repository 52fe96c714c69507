import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** bcrypt's limit: it ignores what follows. */
export const MAX_PASSWORD_BYTES = 72;

/** bcrypt on the libuv pool (async API only), with the cost from BCRYPT_ROUNDS. */
@Injectable()
export class PasswordsService {
  /** Compared against when the e-mail is unknown, so a miss costs the same time as a wrong password. */
  private dummyHash: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.bcryptRounds);
  }

  /**
   * Verifies against the stored hash, or against a dummy hash of the same cost when there is none. bcrypt reads
   * only the first 72 bytes, so a longer password (which no account can have) is a failure, in the same time.
   */
  async verify(password: string, hash: string | null): Promise<boolean> {
    this.dummyHash ??= bcrypt.hash('vitalis-dummy-password', this.config.bcryptRounds);
    const usable = hash !== null && Buffer.byteLength(password, 'utf8') <= MAX_PASSWORD_BYTES;
    const matches = await bcrypt.compare(password, usable ? hash : await this.dummyHash);
    return usable && matches;
  }
}
