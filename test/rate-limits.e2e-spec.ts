import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshIp } from './support/addresses.js';
import { describeIf } from './support/describe-if.js';
import { listen, login, patient, register, startApp, type TestApp } from './support/helpers.js';
import { REDIS_URL, reachable } from './support/redis.js';
import { chatSocket, connected } from './support/sockets.js';

const AUTH_LIMIT = 3;
const describeWithRedis = describeIf(await reachable(REDIS_URL), `no Redis answers at ${REDIS_URL}`);

describe('rate limits per client address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ TRUST_PROXY: 'true', AUTH_RATE_LIMIT: '3', API_RATE_LIMIT: '5' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('allows AUTH_RATE_LIMIT requests a minute on /auth/* per IP, then 429 with Retry-After', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      await t.http.post('/auth/login').set('x-forwarded-for', ip).send({}).expect(400);
    }
    const limited = await t.http.post('/auth/register').set('x-forwarded-for', ip).send({}).expect(429);
    expect(limited.body).toEqual({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS', message: expect.any(String) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await t.http.post('/auth/login').set('x-forwarded-for', freshIp()).send({}).expect(400);
  });

  it('counts the rest of the API separately, at API_RATE_LIMIT', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      await t.http.post('/auth/login').set('x-forwarded-for', ip).send({}).expect(400);
    }
    for (let i = 0; i < 5; i++) {
      await t.http.get('/api/doctors').set('x-forwarded-for', ip).expect(401);
    }
    const limited = await t.http.get('/api/doctors').set('x-forwarded-for', ip).expect(429);
    expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('counts chat message:send events against API_RATE_LIMIT too', async () => {
    const url = await listen(t);
    const me = await patient(t.http);
    const socket = await connected(
      chatSocket(url, { auth: { token: me.token }, extraHeaders: { 'x-forwarded-for': freshIp() } }),
    );
    try {
      const acks: { message?: unknown; error?: { code: string } }[] = [];
      for (let i = 0; i < 6; i++) {
        acks.push(await socket.emitWithAck('message:send', { body: `mensaje ${i}` }));
      }
      expect(acks.slice(0, 5).every((ack) => ack.message !== undefined)).toBe(true);
      expect(acks[5]).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
    } finally {
      socket.close();
    }
  });

  it('never limits the health checks', async () => {
    const ip = freshIp();
    for (let i = 0; i < 8; i++) {
      await t.http.get('/health').set('x-forwarded-for', ip).expect(200);
    }
    await expect(t.http.get('/health').set('x-forwarded-for', ip)).resolves.toMatchObject({ status: 200 });
  });
});

/**
 * Which limit a request counts against is decided by the route it matched, never by its URL string; only the
 * credential routes (register, login, refresh) share the tight AUTH_RATE_LIMIT (issue 9, item 3).
 */
describe('rate limits by matched route', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ TRUST_PROXY: '1', AUTH_RATE_LIMIT: String(AUTH_LIMIT), API_RATE_LIMIT: '50' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('counts a percent-encoded login path against AUTH_RATE_LIMIT like the plain one', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_LIMIT + 2; i++) {
      const path = i % 2 === 0 ? '/%61uth/login' : '/auth/%6cogin';
      statuses.push((await t.http.post(path).set('x-forwarded-for', ip).send({})).status);
    }
    // It reached the login handler (400 for the empty body) until the auth limit ran out.
    expect(statuses).toEqual([400, 400, 400, 429, 429]);
  });

  it('counts register, login and refresh in one bucket', async () => {
    const ip = freshIp();
    const statuses = [
      (await t.http.post('/auth/register').set('x-forwarded-for', ip).send({})).status,
      (await t.http.post('/auth/login').set('x-forwarded-for', ip).send({})).status,
      (await t.http.post('/auth/refresh').set('x-forwarded-for', ip).send({ refreshToken: 'x' })).status,
      (await t.http.post('/auth/login').set('x-forwarded-for', ip).send({})).status,
    ];
    expect(statuses).toEqual([400, 400, 401, 429]);
  });

  it('lets a web app poll /auth/me and /auth/sessions well past AUTH_RATE_LIMIT', async () => {
    const { email } = await register(t.http);
    const me = await login(t.http, email);
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_LIMIT * 4; i++) {
      statuses.push((await t.http.get('/auth/me').set(me.auth).set('x-forwarded-for', ip)).status);
      statuses.push((await t.http.get('/auth/sessions').set(me.auth).set('x-forwarded-for', ip)).status);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    // The polling did not spend the address's credential allowance either.
    await expect(t.http.post('/auth/login').set('x-forwarded-for', ip).send({})).resolves.toMatchObject({
      status: 400,
    });
  });
});

describeWithRedis('rate limits in Redis (REDIS_URL)', () => {
  it('keeps counting across instances: a restarted app still refuses the spent IP', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-redis-limit-'));
    const env = { TRUST_PROXY: 'true', AUTH_RATE_LIMIT: '3', REDIS_URL };
    // freshIp starts at a random point: an address no earlier run has used within the minute the counter lives.
    const ip = freshIp();
    const first = await startApp(env, { dataDir });
    for (let i = 0; i < 3; i++) {
      await first.http.post('/auth/login').set('x-forwarded-for', ip).send({}).expect(400);
    }
    await first.close(true);
    const second = await startApp(env, { dataDir });
    try {
      const limited = await second.http.post('/auth/login').set('x-forwarded-for', ip).send({}).expect(429);
      expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });
});
