import type { AppConfig } from '../config/app-config.js';

/**
 * Said once at start-up in production on a real PostgreSQL without REDIS_URL: several instances may then share the
 * database, and each would count the rate limits on its own (N instances let N times the limit through). With the
 * embedded database there is only ever one instance.
 */
export function perInstanceWarning(config: AppConfig): string | null {
  if (!config.production || config.redisUrl || !config.databaseUrl) {
    return null;
  }
  return (
    'REDIS_URL is not set: rate limits (AUTH_RATE_LIMIT, API_RATE_LIMIT) are counted by each instance on its own. ' +
    'Behind a load balancer, set REDIS_URL so every instance shares them (docs/DEPLOY.md).'
  );
}
