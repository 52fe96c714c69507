import { randomBytes } from 'node:crypto';
import {
  PASSWORD,
  admin,
  cookieValue,
  login,
  register,
  startApp,
  type TestApp,
  uniqueEmail,
} from './support/helpers.js';

/** Issue 9, item 7: long passwords, common passwords, caching of personal data, cookie names. */
describe('credential hygiene', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('refuses at login a password that matches only in its first 72 bytes, as any wrong password', async () => {
    const exact = randomBytes(54).toString('base64');
    expect(Buffer.byteLength(exact)).toBe(72);
    const { email } = await register(t.http, { password: exact });
    const wrong = await t.http.post('/auth/login').send({ email, password: 'wrong password!' }).expect(401);
    const longer = await t.http
      .post('/auth/login')
      .send({ email, password: `${exact}y` })
      .expect(401);
    expect(longer.body).toEqual(wrong.body);
    await login(t.http, email, exact);
  });

  it('refuses a password over 72 bytes at register and at change with a 400 naming the field', async () => {
    const register400 = await t.http
      .post('/auth/register')
      .send({ name: 'Ana', surname: 'Prueba', email: uniqueEmail(), password: 'ñ'.repeat(37) })
      .expect(400);
    expect(register400.body.errors).toEqual([{ field: 'password', messages: [expect.any(String)] }]);
    const { email } = await register(t.http);
    const me = await login(t.http, email);
    const change = await t.http
      .put('/api/users/me/password')
      .set(me.auth)
      .send({ currentPassword: PASSWORD, newPassword: 'x'.repeat(73) })
      .expect(400);
    expect(change.body.errors[0].field).toBe('newPassword');
  });

  it.each(['password', '12345678', 'password123', 'qwertyuiop'])(
    'refuses the common password %j at register, at change and when an admin creates a user',
    async (common) => {
      const response = await t.http
        .post('/auth/register')
        .set('accept-language', 'en')
        .send({ name: 'Ana', surname: 'Prueba', email: uniqueEmail(), password: common })
        .expect(400);
      expect(response.body.errors).toEqual([
        { field: 'password', messages: ['is too common or too easy to guess'] },
      ]);
      const { email } = await register(t.http);
      const me = await login(t.http, email);
      await t.http
        .put('/api/users/me/password')
        .set(me.auth)
        .send({ currentPassword: PASSWORD, newPassword: common })
        .expect(400);
      const boss = await admin(t.http);
      await t.http
        .post('/api/users')
        .set(boss.auth)
        .send({ name: 'L', surname: 'M', email: uniqueEmail(), password: common, rol: 'doctor' })
        .expect(400);
    },
  );

  it('tells every cache not to keep tokens or personal data', async () => {
    const { email } = await register(t.http);
    const loginResponse = await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
    const auth = { authorization: `Bearer ${loginResponse.body.token}` };
    const responses = [
      loginResponse,
      await t.http.post('/auth/refresh').send({ refreshToken: loginResponse.body.refreshToken }).expect(200),
      await t.http.get('/auth/me').set(auth).expect(200),
      await t.http.get('/api/users/me').set(auth).expect(200),
      await t.http.get('/api/appointments').set(auth).expect(200),
      await t.http.get('/api/users').set(auth).expect(403),
    ];
    for (const response of responses) {
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
    }
  });
});

describe('cookies when they are Secure (production)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ COOKIE_SECURE: 'true' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('are named __Host-access_token, __Host-csrf_token and __Secure-refresh_token, and only those are read', async () => {
    const { email } = await register(t.http);
    const response = await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
    const cookies = ([] as string[]).concat(response.headers['set-cookie']);
    const line = (name: string) => cookies.find((cookie) => cookie.startsWith(`${name}=`)) ?? '';
    expect(line('__Host-access_token')).toMatch(/; Path=\/; .*Secure/);
    expect(line('__Host-csrf_token')).toMatch(/; Path=\/; .*Secure/);
    expect(line('__Secure-refresh_token')).toMatch(/; Path=\/auth; .*Secure/);
    expect(line('__Host-access_token')).not.toMatch(/Domain=/i);
    expect(cookies.some((cookie) => /^(access|refresh|csrf)_token=/.test(cookie))).toBe(false);

    const access = cookieValue(cookies, '__Host-access_token')!;
    const csrf = cookieValue(cookies, '__Host-csrf_token')!;
    await t.http.get('/auth/me').set('cookie', `__Host-access_token=${access}`).expect(200);
    const plain = await t.http.get('/auth/me').set('cookie', `access_token=${access}`).expect(401);
    expect(plain.body.code).toBe('TOKEN_MISSING');

    const refreshed = await t.http
      .post('/auth/refresh')
      .set(
        'cookie',
        `__Secure-refresh_token=${cookieValue(cookies, '__Secure-refresh_token')}; __Host-csrf_token=${csrf}`,
      )
      .set('x-csrf-token', csrf)
      .expect(200);
    const newCsrf = cookieValue(
      ([] as string[]).concat(refreshed.headers['set-cookie']),
      '__Host-csrf_token',
    )!;
    await t.http
      .post('/auth/logout')
      .set('cookie', `__Host-access_token=${refreshed.body.token}; __Host-csrf_token=${newCsrf}`)
      .expect(403);
    await t.http
      .post('/auth/logout')
      .set('cookie', `__Host-access_token=${refreshed.body.token}; __Host-csrf_token=${newCsrf}`)
      .set('x-csrf-token', newCsrf)
      .expect(204);
  });
});
