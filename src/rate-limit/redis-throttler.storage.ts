import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
/** What this storage uses of its client. */
interface RedisClient {
  readonly isOpen: boolean;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  close(): Promise<unknown>;
}

/**
 * One round trip per request: count the hit in a fixed window, and block the key once it is over the limit.
 * KEYS: hits, block. ARGV: window ms, limit, block ms. Returns hits, window ms left, block ms left.
 */
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local windowLeft = redis.call('PTTL', KEYS[1])
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blockLeft = tonumber(ARGV[3])
end
return { hits, windowLeft, blockLeft }
`;

/** Rate-limit counters in Redis, shared by every instance (REDIS_URL). */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {}

  /** Keys start with `prefix` (REDIS_PREFIX), so deployments sharing the server count apart. */
  static async connect(
    url: string,
    prefix: string,
    onError: (error: Error) => void,
  ): Promise<RedisThrottlerStorage> {
    // Loaded only with REDIS_URL: the package costs every start a fifth of a second otherwise.
    const { createClient } = await import('redis');
    const client = createClient({ url });
    client.on('error', onError);
    await client.connect();
    return new RedisThrottlerStorage(client, prefix);
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:throttle:${throttlerName}:${key}`;
    const [hits, windowLeft, blockLeft] = (await this.client.eval(INCREMENT, {
      keys: [`${base}:hits`, `${base}:block`],
      arguments: [String(ttl), String(limit), String(blockDuration)],
    })) as [number, number, number];
    const blocked = blockLeft > 0;
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(Math.max(windowLeft, 0) / 1000),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.ceil(blockLeft / 1000) : 0,
    };
  }

  /** Waits for the commands under way; a second call does nothing (a closed client would throw). */
  async close(): Promise<void> {
    if (this.client.isOpen) {
      await this.client.close();
    }
  }
}
