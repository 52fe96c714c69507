import { Inject, Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, normalizeIp, type ThrottlerStorage } from '@nestjs/throttler';
import { AppError } from '../common/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { API_GROUP, MINUTE_MS, rateKey } from './rate-limit.keys.js';

/**
 * Socket events count against the same per-IP API_RATE_LIMIT counter as HTTP requests, so a chat socket is no way
 * around the limit.
 */
@Injectable()
export class SocketRateLimiter {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one event from `ip`; 429 TOO_MANY_ATTEMPTS (with the seconds to wait) once over the limit. */
  async consume(ip: string): Promise<void> {
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(
      rateKey(API_GROUP, normalizeIp(ip)),
      MINUTE_MS,
      this.config.apiRateLimit,
      MINUTE_MS,
      API_GROUP,
    );
    if (isBlocked) {
      throw new AppError('TOO_MANY_ATTEMPTS', [], Math.max(timeToBlockExpire, 1));
    }
  }
}
