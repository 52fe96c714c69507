import { MemoryThrottlerStorage } from './memory-throttler.storage.js';

describe('MemoryThrottlerStorage', () => {
  let now = 1_000_000;
  let sut: MemoryThrottlerStorage;

  beforeEach(() => {
    now = 1_000_000;
    sut = new MemoryThrottlerStorage(() => now);
  });

  afterEach(() => sut.close());

  const hit = (key = 'api:203.0.113.7') => sut.increment(key, 60_000, 3, 60_000, 'api');

  it('counts hits in a window and blocks the one past the limit for the block duration', async () => {
    await expect(hit()).resolves.toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 60 });
    await hit();
    await expect(hit()).resolves.toMatchObject({ totalHits: 3, isBlocked: false });
    now += 10_000;
    await expect(hit()).resolves.toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    await expect(hit('api:198.51.100.1')).resolves.toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('starts a new window when the old one ends, and lifts the block when it expires', async () => {
    for (let i = 0; i < 3; i++) {
      await hit();
    }
    now += 10_000;
    await expect(hit()).resolves.toMatchObject({ isBlocked: true });
    now += 50_000;
    // The window ended; the block, which began 10 s into it, has not.
    await expect(hit()).resolves.toMatchObject({ totalHits: 1, isBlocked: true, timeToBlockExpire: 10 });
    now += 10_000;
    await expect(hit()).resolves.toMatchObject({ totalHits: 2, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('keeps one counter per client and group however many hits, and forgets it once idle', async () => {
    for (let i = 0; i < 50_000; i++) {
      await sut.increment('api:203.0.113.7', 60_000, 1_000_000, 60_000, 'api');
    }
    await sut.increment('auth:203.0.113.7', 60_000, 20, 60_000, 'auth');
    expect(sut.size).toBe(2);
    sut.sweep();
    expect(sut.size).toBe(2);
    now += 60_000;
    sut.sweep();
    expect(sut.size).toBe(0);
  });
});
