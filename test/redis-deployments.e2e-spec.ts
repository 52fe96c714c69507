import { describeIf } from './support/describe-if.js';
import { startApp } from './support/helpers.js';
import { REDIS_URL, reachable } from './support/redis.js';

const describeWithRedis = describeIf(await reachable(REDIS_URL), `no Redis answers at ${REDIS_URL}`);

describeWithRedis('an app on Redis (REDIS_URL)', () => {
  it('closes each of its Redis clients once, with no error logged', async () => {
    const t = await startApp({ REDIS_URL });
    await t.http.get('/health/ready').expect(200);
    await t.close();
    expect(t.log.errors()).toEqual([]);
  });
});
