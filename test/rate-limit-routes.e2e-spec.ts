import { login, register, startApp, type TestApp } from './helpers.js';

const AUTH_LIMIT = 3;
let ipCounter = 0;
/** A client address of its own for each test (TRUST_PROXY is on in this app). */
const freshIp = (): string => `203.0.113.${++ipCounter}`;

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
