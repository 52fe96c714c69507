import jwt from 'jsonwebtoken';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  TEST_SECRET,
  admin,
  cookieHeader,
  cookieValue,
  login,
  patient,
  register,
  startApp,
  type LoggedIn,
  type TestApp,
} from './support/helpers.js';

const kidOf = (secret: string): string => createHash('sha256').update(secret).digest('hex').slice(0, 16);
const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token signed by hand, to try what the server must refuse. */
function forge(
  me: LoggedIn,
  { secret = TEST_SECRET, header = {}, payload = {} }: { secret?: string; header?: object; payload?: object },
): string {
  const claims = jwt.decode(me.token) as jwt.JwtPayload;
  const head = b64({ alg: 'HS256', typ: 'JWT', kid: kidOf(TEST_SECRET), ...header });
  const body = b64({ ...claims, ...payload });
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

describe('access tokens', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('transports', () => {
    it('accepts Authorization: Bearer, x-token and the access_token cookie', async () => {
      const me = await patient(t.http);
      for (const headers of [
        { authorization: `Bearer ${me.token}` },
        { 'x-token': me.token },
        { cookie: cookieHeader(me.cookies, 'access_token') },
      ]) {
        const response = await t.http.get('/auth/me').set(headers).expect(200);
        expect(response.body.id).toBe(me.id);
      }
    });

    it('never reads a token from the query string', async () => {
      const me = await patient(t.http);
      for (const query of [`token=${me.token}`, `access_token=${me.token}`]) {
        const response = await t.http.get(`/auth/me?${query}`).expect(401);
        expect(response.body.code).toBe('TOKEN_MISSING');
      }
    });

    it('refuses a refresh token used as an access token', async () => {
      const me = await patient(t.http);
      const response = await t.http
        .get('/auth/me')
        .set('authorization', `Bearer ${me.refreshToken}`)
        .expect(401);
      expect(response.body.code).toBe('TOKEN_INVALID');
    });
  });

  describe('forged and broken tokens', () => {
    let me: LoggedIn;

    beforeAll(async () => {
      me = await patient(t.http);
    });

    it('accepts a hand-signed token that is right in every respect (so the refusals below are meaningful)', async () => {
      const response = await t.http.get('/auth/me').set('x-token', forge(me, {})).expect(200);
      expect(response.body.id).toBe(me.id);
    });

    it.each([
      ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${me.token.split('.')[1]}.`],
      [
        'a tampered payload',
        () =>
          `${me.token.split('.')[0]}.${b64({ ...(jwt.decode(me.token) as object), rol: 'admin' })}.${me.token.split('.')[2]}`,
      ],
      ['another secret', () => forge(me, { secret: 'some-other-secret-some-other-secret' })],
      [
        'HS512',
        () =>
          jwt.sign(jwt.decode(me.token) as object, TEST_SECRET, {
            algorithm: 'HS512',
            keyid: kidOf(TEST_SECRET),
          }),
      ],
      ['another issuer', () => forge(me, { payload: { iss: 'not-vitalis' } })],
      ['another audience', () => forge(me, { payload: { aud: 'other-api' } })],
      ['no exp', () => forge(me, { payload: { exp: undefined } })],
      ['an unknown kid', () => forge(me, { header: { kid: 'feedfacefeedface' } })],
      [
        'a jwk header',
        () =>
          forge(me, { header: { jwk: { kty: 'oct', k: Buffer.from(TEST_SECRET).toString('base64url') } } }),
      ],
      ['a jku header', () => forge(me, { header: { jku: 'http://127.0.0.1:1/keys.json' } })],
      ['garbage', () => 'not.a.jwt'],
    ])('says TOKEN_INVALID for %s', async (_what, make) => {
      const response = await t.http.get('/auth/me').set('authorization', `Bearer ${make()}`).expect(401);
      expect(response.body).toEqual({ statusCode: 401, code: 'TOKEN_INVALID', message: 'Token no válido' });
    });

    it('says TOKEN_EXPIRED once exp has passed', async () => {
      const expired = forge(me, {
        payload: { iat: Math.floor(Date.now() / 1000) - 120, exp: Math.floor(Date.now() / 1000) - 60 },
      });
      const response = await t.http.get('/auth/me').set('x-token', expired).expect(401);
      expect(response.body.code).toBe('TOKEN_EXPIRED');
    });

    it('says USER_NOT_FOUND for a well-signed token of a user that never existed', async () => {
      const response = await t.http
        .get('/auth/me')
        .set('x-token', forge(me, { payload: { sub: randomUUID() } }))
        .expect(404);
      expect(response.body).toMatchObject({
        code: 'USER_NOT_FOUND',
        message: 'El usuario no se encuentra en la DB',
      });
    });

    it('says SESSION_REVOKED for a well-signed token of a session that never existed', async () => {
      const response = await t.http
        .get('/auth/me')
        .set('x-token', forge(me, { payload: { sid: randomUUID() } }))
        .expect(401);
      expect(response.body.code).toBe('SESSION_REVOKED');
    });
  });

  describe('CSRF for cookie-authenticated requests', () => {
    it('refuses an unsafe cookie request without x-csrf-token, or with a wrong one', async () => {
      const me = await patient(t.http);
      const cookie = cookieHeader(me.cookies, 'access_token', 'csrf_token');
      const missing = await t.http
        .patch('/api/users/me')
        .set('cookie', cookie)
        .send({ name: 'X' })
        .expect(403);
      expect(missing.body.code).toBe('CSRF_INVALID');
      const wrong = await t.http
        .patch('/api/users/me')
        .set('cookie', cookie)
        .set('x-csrf-token', 'guess')
        .send({ name: 'X' })
        .expect(403);
      expect(wrong.body.code).toBe('CSRF_INVALID');
      const unchanged = await t.http.get('/api/users/me').set('cookie', cookie).expect(200);
      expect(unchanged.body.name).toBe('Ana');
    });

    it('accepts it with the matching header, and safe methods without one', async () => {
      const me = await patient(t.http);
      const cookie = cookieHeader(me.cookies, 'access_token', 'csrf_token');
      await t.http.get('/auth/me').set('cookie', cookie).expect(200);
      const changed = await t.http
        .patch('/api/users/me')
        .set('cookie', cookie)
        .set('x-csrf-token', cookieValue(me.cookies, 'csrf_token')!)
        .send({ name: 'Cookie' })
        .expect(200);
      expect(changed.body.name).toBe('Cookie');
    });

    it('needs no CSRF token when the token comes in a header', async () => {
      const me = await patient(t.http);
      const response = await t.http.patch('/api/users/me').set(me.auth).send({ name: 'Header' }).expect(200);
      expect(response.body.name).toBe('Header');
    });
  });

  describe('the principal check on every request', () => {
    it('answers USER_NOT_FOUND from the request after the user was deleted', async () => {
      const boss = await admin(t.http);
      const me = await patient(t.http);
      await t.http.get('/auth/me').set(me.auth).expect(200);
      await t.http.delete(`/api/users/${me.id}`).set(boss.auth).expect(204);
      const response = await t.http.get('/auth/me').set(me.auth).expect(404);
      expect(response.body.code).toBe('USER_NOT_FOUND');
    });

    it('answers USER_DISABLED from the request after the user was disabled', async () => {
      const boss = await admin(t.http);
      const me = await patient(t.http);
      await t.http.patch(`/api/users/${me.id}`).set(boss.auth).send({ isActive: false }).expect(200);
      const response = await t.http.get('/auth/me').set(me.auth).expect(401);
      expect(response.body.code).toBe('USER_DISABLED');
    });

    it('applies a role change on the next request, not when the token expires', async () => {
      const boss = await admin(t.http);
      const me = await patient(t.http);
      const before = await t.http.get('/api/users').set(me.auth).expect(403);
      expect(before.body.code).toBe('FORBIDDEN_ROLE');
      await t.http.patch(`/api/users/${me.id}`).set(boss.auth).send({ rol: 'admin' }).expect(200);
      const after = await t.http.get('/api/users').set(me.auth).expect(200);
      expect(after.body.meta.total).toBeGreaterThan(0);
    });
  });
});

describe('key rotation', () => {
  it('keeps access and refresh tokens of a previous secret valid by kid, and only while that secret is listed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-rotation-'));
    const first = await startApp({ JWT_SECRET: 'first-secret-first-secret-first-secret!' }, { dataDir });
    const { email } = await register(first.http);
    const me = await login(first.http, email);
    await first.close(true);

    const rotated = await startApp(
      {
        JWT_SECRET: 'second-secret-second-secret-second-secret',
        JWT_PREVIOUS_SECRETS: 'first-secret-first-secret-first-secret!',
      },
      { dataDir },
    );
    let refreshed: string | undefined;
    try {
      await rotated.http.get('/auth/me').set(me.auth).expect(200);
      // A refresh token of the old secret still refreshes, once, into one of the new secret.
      const renewed = await rotated.http
        .post('/auth/refresh')
        .send({ refreshToken: me.refreshToken })
        .expect(200);
      expect(jwt.decode(renewed.body.token, { complete: true })!.header.kid).toBe(
        kidOf('second-secret-second-secret-second-secret'),
      );
      refreshed = renewed.body.refreshToken;
      const fresh = await login(rotated.http, email);
      expect(jwt.decode(fresh.token, { complete: true })!.header.kid).toBe(
        kidOf('second-secret-second-secret-second-secret'),
      );
    } finally {
      await rotated.close(true);
    }

    const dropped = await startApp({ JWT_SECRET: 'second-secret-second-secret-second-secret' }, { dataDir });
    try {
      const response = await dropped.http.get('/auth/me').set(me.auth).expect(401);
      expect(response.body.code).toBe('TOKEN_INVALID');
      // The refresh token issued under the new secret outlives the old secret's removal.
      await dropped.http.post('/auth/refresh').send({ refreshToken: refreshed }).expect(200);
    } finally {
      await dropped.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
