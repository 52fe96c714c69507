import { randomBytes } from 'node:crypto';
import { PASSWORD, login, register, startApp, type TestApp } from './support/helpers.js';

/** A secret nobody else would write, so finding it in the log means it leaked. */
const secret = (name: string): string => `${name}-${randomBytes(12).toString('hex')}`;

/**
 * The JSON log: a line per request with the id of x-request-id, and, whatever a client sends a secret in (headers,
 * cookies, query parameters the API never reads, bodies), none of it (issue 9, item 7).
 */
describe('logs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('writes JSON lines with the request id of x-request-id, and no secret of a login', async () => {
    const { email } = await register(t.http);
    const response = await t.http
      .post('/auth/login')
      .set('x-token', 'a-token-header-value')
      .set('cookie', 'access_token=a-cookie-value')
      .send({ email, password: PASSWORD })
      .expect(200);
    const requestId = response.headers['x-request-id'];
    await t.log.waitFor(`"id":"${requestId}"`);
    const mine = t.log.lines().filter((line) => JSON.stringify(line).includes(requestId));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({
      msg: 'request completed',
      req: { id: requestId, method: 'POST', url: '/auth/login' },
      res: { statusCode: 200 },
    });
    const text = JSON.stringify(mine);
    expect(text).toContain('[redacted]');
    for (const value of [
      PASSWORD,
      'a-token-header-value',
      'a-cookie-value',
      response.body.token,
      response.body.refreshToken,
    ]) {
      expect(t.log.text).not.toContain(value);
    }
  });

  it('redacts tokens in headers, cookies and the query string, and passwords in bodies', async () => {
    const { email } = await register(t.http);
    const me = await login(t.http, email);
    const sent = {
      proxy: secret('proxy-auth'),
      query: [secret('q-access'), secret('q-refresh'), secret('q-token'), secret('q-xtoken')],
      xToken: secret('x-token'),
      cookie: secret('cookie'),
      csrf: secret('csrf'),
    };
    const requests = [
      t.http
        .get(
          `/api/users/me?access_token=${sent.query[0]}&refresh_token=${sent.query[1]}` +
            `&token=${sent.query[2]}&x-token=${sent.query[3]}`,
        )
        .set(me.auth)
        .set('proxy-authorization', `Basic ${sent.proxy}`),
      t.http
        .get('/auth/me')
        .set('x-token', sent.xToken)
        .set('cookie', `access_token=${sent.cookie}; csrf_token=${sent.csrf}`)
        .set('x-csrf-token', sent.csrf),
      t.http.post('/auth/login').send({ email, password: PASSWORD }),
      t.http.put('/api/users/me/password').set(me.auth).send({ currentPassword: PASSWORD, newPassword: 'x' }),
    ];
    const responses = await Promise.all(requests.map((request) => request.then((r) => r)));
    for (const response of responses) {
      await t.log.waitFor(`"id":"${response.headers['x-request-id']}"`);
    }
    const issued = responses[2].body as { token: string; refreshToken: string };
    for (const value of [
      sent.proxy,
      ...sent.query,
      sent.xToken,
      sent.cookie,
      sent.csrf,
      PASSWORD,
      me.token,
      me.refreshToken,
      issued.token,
      issued.refreshToken,
    ]) {
      expect(t.log.text).not.toContain(value);
    }
    // The lines are there, with what a reader needs.
    expect(t.log.text).toContain('/api/users/me?access_token=[redacted]');
    expect(t.log.text).toContain('"proxy-authorization":"[redacted]"');
  });
});
