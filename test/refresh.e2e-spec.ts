import { DataSource } from 'typeorm';
import {
  admin,
  cookieHeader,
  cookieValue,
  patient,
  startApp,
  type LoggedIn,
  type TestApp,
} from './support/helpers.js';

describe('POST /auth/refresh', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startApp();
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  /** Moves the session's last rotation into the past, as if the grace window had run out. */
  async function ageRotation(refreshToken: string, seconds: number): Promise<void> {
    const sessionId = refreshToken.split('.')[0];
    await db.query(`UPDATE sessions SET rotated_at = rotated_at - make_interval(secs => $2) WHERE id = $1`, [
      sessionId,
      seconds,
    ]);
  }

  const refresh = (refreshToken: string) => t.http.post('/auth/refresh').send({ refreshToken });

  it('rotates: new access and refresh tokens of the same shape as login, for the same session', async () => {
    const me = await patient(t.http);
    const response = await refresh(me.refreshToken).expect(200);
    expect(response.body).toMatchObject({ id: me.id, email: me.email, rol: 'user', expiresIn: 900 });
    expect(response.body.refreshToken).not.toBe(me.refreshToken);
    expect(response.body.token).not.toBe(me.token);
    expect(response.body.refreshToken.split('.')[0]).toBe(me.refreshToken.split('.')[0]);
    expect(cookieValue(([] as string[]).concat(response.headers['set-cookie']), 'refresh_token')).toBe(
      response.body.refreshToken,
    );
    await t.http.get('/auth/me').set('authorization', `Bearer ${response.body.token}`).expect(200);
    await refresh(response.body.refreshToken).expect(200);
  });

  it('lets two refreshes racing with one token both succeed, with the same new refresh token', async () => {
    const me = await patient(t.http);
    const [first, second] = await Promise.all([refresh(me.refreshToken), refresh(me.refreshToken)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.refreshToken).toBe(second.body.refreshToken);
    await refresh(first.body.refreshToken).expect(200);
  });

  it('still refreshes with the replaced token inside the grace window', async () => {
    const me = await patient(t.http);
    const rotated = await refresh(me.refreshToken).expect(200);
    const again = await refresh(me.refreshToken).expect(200);
    expect(again.body.refreshToken).toBe(rotated.body.refreshToken);
  });

  it('treats the replaced token after the grace window as reuse and kills the whole session', async () => {
    const me = await patient(t.http);
    const rotated = await refresh(me.refreshToken).expect(200);
    await ageRotation(me.refreshToken, 11);

    const reuse = await refresh(me.refreshToken).expect(401);
    expect(reuse.body.code).toBe('REFRESH_REUSED');

    const current = await refresh(rotated.body.refreshToken).expect(401);
    expect(current.body.code).toBe('REFRESH_INVALID');
    const access = await t.http
      .get('/auth/me')
      .set('authorization', `Bearer ${rotated.body.token}`)
      .expect(401);
    expect(access.body.code).toBe('SESSION_REVOKED');
  });

  it('treats any older token as reuse, even inside the grace window', async () => {
    const me = await patient(t.http);
    const second = await refresh(me.refreshToken).expect(200);
    await refresh(second.body.refreshToken).expect(200);
    const reuse = await refresh(me.refreshToken).expect(401);
    expect(reuse.body.code).toBe('REFRESH_REUSED');
  });

  it.each([
    ['a malformed token', 'garbage'],
    [
      'an unknown session',
      '00000000-0000-4000-8000-000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    ],
    ['no token at all', undefined],
  ])('says REFRESH_INVALID for %s', async (_what, refreshToken) => {
    const response = await t.http
      .post('/auth/refresh')
      .send(refreshToken === undefined ? {} : { refreshToken })
      .expect(401);
    expect(response.body.code).toBe('REFRESH_INVALID');
  });

  it('says REFRESH_INVALID, not reuse, for a made-up secret on a real session (nobody can kill a session by guessing)', async () => {
    const me = await patient(t.http);
    const forged = `${me.refreshToken.split('.')[0]}.${'A'.repeat(43)}`;
    const response = await refresh(forged).expect(401);
    expect(response.body.code).toBe('REFRESH_INVALID');
    await refresh(me.refreshToken).expect(200);
  });

  it('refuses a session past its idle expiry', async () => {
    const me = await patient(t.http);
    await db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      me.refreshToken.split('.')[0],
    ]);
    const response = await refresh(me.refreshToken).expect(401);
    expect(response.body.code).toBe('REFRESH_INVALID');
    const access = await t.http.get('/auth/me').set(me.auth).expect(401);
    expect(access.body.code).toBe('SESSION_REVOKED');
  });

  it('never extends a session past its absolute maximum age', async () => {
    const me = await patient(t.http);
    const sessionId = me.refreshToken.split('.')[0];
    await db.query(`UPDATE sessions SET absolute_expires_at = now() + interval '1 hour' WHERE id = $1`, [
      sessionId,
    ]);
    await refresh(me.refreshToken).expect(200);
    const [row] = await db.query(
      `SELECT expires_at <= absolute_expires_at AS capped FROM sessions WHERE id = $1`,
      [sessionId],
    );
    expect(row.capped).toBe(true);
  });

  it('refuses to refresh for a disabled user', async () => {
    const boss = await admin(t.http);
    const me = await patient(t.http);
    await t.http.patch(`/api/users/${me.id}`).set(boss.auth).send({ isActive: false }).expect(200);
    const response = await refresh(me.refreshToken).expect(401);
    expect(response.body.code).toBe('REFRESH_INVALID');
  });

  it('never stores the refresh token: the row keeps a salt and the generation, from which no token follows without the key', async () => {
    const me = await patient(t.http);
    const [sessionId, generation, secret] = me.refreshToken.split('.');
    const [row] = await db.query(`SELECT * FROM sessions WHERE id = $1`, [sessionId]);
    expect(generation).toBe('0');
    expect(row.generation).toBe(0);
    expect(row.refresh_salt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  describe('from the refresh_token cookie', () => {
    let me: LoggedIn;

    beforeEach(async () => {
      me = await patient(t.http);
    });

    it('works with the matching x-csrf-token', async () => {
      const response = await t.http
        .post('/auth/refresh')
        .set('cookie', cookieHeader(me.cookies, 'refresh_token', 'csrf_token'))
        .set('x-csrf-token', cookieValue(me.cookies, 'csrf_token')!)
        .expect(200);
      expect(response.body.refreshToken).not.toBe(me.refreshToken);
    });

    it('is CSRF_INVALID without it', async () => {
      const response = await t.http
        .post('/auth/refresh')
        .set('cookie', cookieHeader(me.cookies, 'refresh_token', 'csrf_token'))
        .expect(403);
      expect(response.body.code).toBe('CSRF_INVALID');
      await refresh(me.refreshToken).expect(200);
    });
  });
});
