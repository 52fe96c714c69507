import { freshIp } from './support/addresses.js';
import { describeIf } from './support/describe-if.js';
import { admin, listen, patient, startApp, type TestApp } from './support/helpers.js';
import type { Message } from './support/messages.js';
import { REDIS_URL, reachable } from './support/redis.js';
import { scratchDatabase } from './support/scratch-database.js';
import { type ClientSocket, next, openAs, record, send } from './support/sockets.js';

const describeWithRedis = describeIf(await reachable(REDIS_URL), `no Redis answers at ${REDIS_URL}`);

describeWithRedis('an app on Redis (REDIS_URL)', () => {
  it('closes each of its Redis clients once, with no error logged', async () => {
    const t = await startApp({ REDIS_URL });
    await t.http.get('/health/ready').expect(200);
    await t.close();
    expect(t.log.errors()).toEqual([]);
  });
});

/**
 * Two deployments, each on a database of its own (on PostgreSQL a second one beside DATABASE_URL's; on the embedded
 * engine each app has its own data folder anyway), sharing one Redis server: Redis pub/sub ignores the database
 * index, so only REDIS_PREFIX (by default derived from the database) keeps them apart. What counts against the
 * tight API_RATE_LIMIT comes from an address of its own: a Redis counter outlives the run by a minute.
 */
describeWithRedis('two deployments on one Redis server', () => {
  const env = { REDIS_URL, TRUST_PROXY: 'true', API_RATE_LIMIT: '3' };
  let a: TestApp;
  let b: TestApp;
  let second: Awaited<ReturnType<typeof scratchDatabase>> | null = null;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    second = process.env.DATABASE_URL ? await scratchDatabase('vitalis_redis_b') : null;
    a = await startApp(env);
    b = await startApp(second ? { ...env, DATABASE_URL: second.url } : env);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await a?.close();
    await b?.close();
    await second?.drop();
  });

  it("an admin's socket on one never hears a message sent on the other", async () => {
    const [urlA, urlB] = [await listen(a), await listen(b)];
    const staffOnA = await openAs(urlA, await admin(a.http), sockets);
    const staffOnB = await openAs(urlB, await admin(b.http), sockets);
    const heardOnA = record<Message>(staffOnA, 'message:new');
    const heardOnB = record<Message>(staffOnB, 'message:new');
    // Over a patient's socket, as a client of each deployment would send it.
    const write = async (t: TestApp, url: string, body: string): Promise<Message> => {
      const mine = await openAs(url, await patient(t.http), sockets, {
        extraHeaders: { 'x-forwarded-for': freshIp() },
      });
      return ((await send<Message>(mine, { body })) as { message: Message }).message;
    };

    const onA = next<Message>(staffOnA, 'message:new');
    const fromA = await write(a, urlA, 'para el personal de A');
    await expect(onA).resolves.toEqual(fromA);
    // Had A's message crossed over, it would reach B's staff before B's own, which first needs a new patient, a
    // socket and a write.
    const onB = next<Message>(staffOnB, 'message:new');
    const fromB = await write(b, urlB, 'para el personal de B');
    await expect(onB).resolves.toEqual(fromB);

    expect(heardOnB.map((message) => message.body)).toEqual([fromB.body]);
    expect(heardOnA.map((message) => message.body)).toEqual([fromA.body]);
  });

  it("counts a client's requests against its own deployment's limit only", async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      await a.http.get('/api/doctors').set('x-forwarded-for', ip).expect(401);
    }
    const limited = await a.http.get('/api/doctors').set('x-forwarded-for', ip).expect(429);
    expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
    // The same client on the other deployment: its first request there.
    await expect(b.http.get('/api/doctors').set('x-forwarded-for', ip)).resolves.toMatchObject({
      status: 401,
    });
  });
});
