import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { isCredentialRoute } from './credential-route.decorator.js';
import { API_GROUP, AUTH_GROUP, MINUTE_MS, rateKey } from './rate-limit.keys.js';
import { MemoryThrottlerStorage } from './memory-throttler.storage.js';
import { perInstanceWarning } from './per-instance-warning.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';
import { SocketRateLimiter } from './socket-rate-limiter.js';

const STORAGE = 'vitalis:rate-limit-storage';

/**
 * The counters' storage (Redis with REDIS_URL, else this instance's memory) as a provider of its own, closed by this
 * module at shutdown: not by a hook on the storage, which ThrottlerModule provides again, so Nest would call it twice
 * (and a second Redis close would log ClientClosedError).
 */
@Module({
  providers: [
    {
      provide: STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.redisUrl
          ? RedisThrottlerStorage.connect(config.redisUrl, config.redisPrefix, (error) =>
              new Logger('RateLimit').warn(`redis: ${error.message}`),
            )
          : new MemoryThrottlerStorage(),
    },
  ],
  exports: [STORAGE],
})
class RateLimitStorageModule implements OnApplicationShutdown {
  constructor(
    @Inject(STORAGE) private readonly storage: RedisThrottlerStorage | MemoryThrottlerStorage,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const warning = perInstanceWarning(config);
    if (warning) {
      new Logger('RateLimit').warn(warning);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}

/**
 * Per client IP (Fastify's request.ip, which believes X-Forwarded-For only as far as TRUST_PROXY says):
 * AUTH_RATE_LIMIT a minute over the credential routes (@CredentialRoute: register, login, refresh), API_RATE_LIMIT
 * over the rest. One counter per IP and group, not per route. In Redis when REDIS_URL is set, so every instance
 * shares it; else in this instance's memory (MemoryThrottlerStorage: the same fixed window).
 */
@Global()
@Module({
  providers: [SocketRateLimiter],
  exports: [SocketRateLimiter],
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [APP_CONFIG, STORAGE],
      useFactory: (config: AppConfig, storage: ThrottlerStorage) => ({
        throttlers: [
          {
            name: AUTH_GROUP,
            ttl: MINUTE_MS,
            limit: config.authRateLimit,
            skipIf: (context) => !isCredentialRoute(context),
          },
          { name: API_GROUP, ttl: MINUTE_MS, limit: config.apiRateLimit, skipIf: isCredentialRoute },
        ],
        generateKey: (_context, tracker, throttler) => rateKey(throttler, tracker),
        setHeaders: false,
        storage,
      }),
    }),
  ],
})
export class RateLimitModule {}
