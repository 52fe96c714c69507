import type { AppConfig } from '../config/app-config.js';
import { perInstanceWarning } from './per-instance-warning.js';

const config = (overrides: Partial<AppConfig>): AppConfig =>
  ({ production: true, redisUrl: null, databaseUrl: 'postgres://db/vitalis', ...overrides }) as AppConfig;

describe('perInstanceWarning', () => {
  it('warns in production on PostgreSQL without REDIS_URL that limits are per instance', () => {
    expect(perInstanceWarning(config({}))).toMatch(
      /^REDIS_URL is not set: rate limits .* each instance on its own/,
    );
  });

  it('says nothing with REDIS_URL, outside production, or on the embedded database (one instance only)', () => {
    expect(perInstanceWarning(config({ redisUrl: 'redis://127.0.0.1:6379' }))).toBeNull();
    expect(perInstanceWarning(config({ production: false }))).toBeNull();
    expect(perInstanceWarning(config({ databaseUrl: null }))).toBeNull();
  });
});
