import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { PASSWORD, login, register, startApp, type TestApp } from './helpers.js';

/** A secret nobody else would write, so finding it in the log means it leaked. */
const secret = (name: string): string => `${name}-${randomBytes(12).toString('hex')}`;

/**
 * Whatever a client sends a secret in (headers, cookies, query parameters the API never reads, bodies), the log
 * has none of it (issue 9, item 7).
 */
describe('logs never hold a secret', () => {
  let t: TestApp;
  let logText = '';
  const log = new PassThrough();
  log.on('data', (chunk: Buffer) => (logText += chunk.toString()));

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info' }, undefined, log);
  });

  afterAll(async () => {
    await t.close();
  });

  /** pino-http writes a request's line once the response has finished, just after the client has it. */
  async function loggedLine(requestId: string): Promise<void> {
    for (let i = 0; i < 100 && !logText.includes(`"id":"${requestId}"`); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(logText).toContain(`"id":"${requestId}"`);
  }

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
      await loggedLine(response.headers['x-request-id']);
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
      expect(logText).not.toContain(value);
    }
    // The lines are there, with what a reader needs.
    expect(logText).toContain('/api/users/me?access_token=[redacted]');
    expect(logText).toContain('"proxy-authorization":"[redacted]"');
  });
});
