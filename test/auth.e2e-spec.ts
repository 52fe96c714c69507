import {
  ADMIN_KEY,
  PASSWORD,
  login,
  patient,
  register,
  startApp,
  type TestApp,
  uniqueEmail,
} from './support/helpers.js';

describe('auth: register, login, sessions, logout', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('POST /auth/register', () => {
    it('creates a patient with a trimmed, lower-cased e-mail and never shows the hash', async () => {
      const email = uniqueEmail('Mixed.Case');
      const response = await t.http
        .post('/auth/register')
        .send({ name: ' Lucía ', surname: 'Martín', email: `  ${email.toUpperCase()} `, password: PASSWORD })
        .expect(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Lucía',
        surname: 'Martín',
        email: email.toLowerCase(),
        rol: 'user',
        specialty: null,
        isActive: true,
        emailVerified: false,
        createdAt: expect.any(String),
        phone: null,
        birthDate: null,
        nationalId: null,
        locale: 'es',
      });
      expect(JSON.stringify(response.body)).not.toMatch(/password|\$2b\$/i);
    });

    it.each(['rol', 'role'])('refuses a %s field in the body (no mass assignment)', async (field) => {
      const response = await t.http
        .post('/auth/register')
        .send({ name: 'Eve', surname: 'Il', email: uniqueEmail(), password: PASSWORD, [field]: 'admin' })
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.errors).toEqual([{ field, messages: ['este campo no está permitido'] }]);
    });

    it('makes an admin with the right adminKey and refuses a wrong one', async () => {
      const made = await t.http
        .post('/auth/register')
        .send({ name: 'Ad', surname: 'Min', email: uniqueEmail(), password: PASSWORD, adminKey: ADMIN_KEY })
        .expect(201);
      expect(made.body.rol).toBe('admin');

      const refused = await t.http
        .post('/auth/register')
        .send({
          name: 'Ad',
          surname: 'Min',
          email: uniqueEmail(),
          password: PASSWORD,
          adminKey: `${ADMIN_KEY}x`,
        })
        .expect(403);
      expect(refused.body).toEqual({
        statusCode: 403,
        code: 'INVALID_ADMIN_KEY',
        message: expect.any(String),
      });
    });

    it('says EMAIL_TAKEN for the same e-mail in another case', async () => {
      const { email } = await register(t.http);
      const response = await t.http
        .post('/auth/register')
        .send({ name: 'Otra', surname: 'Vez', email: email.toUpperCase(), password: PASSWORD })
        .expect(409);
      expect(response.body.code).toBe('EMAIL_TAKEN');
    });

    it('lets exactly one of ten parallel registrations of one e-mail through', async () => {
      const email = uniqueEmail('race');
      const spellings = Array.from({ length: 10 }, (_, i) => (i % 2 ? email.toUpperCase() : email));
      const responses = await Promise.all(
        spellings.map((spelling) =>
          t.http
            .post('/auth/register')
            .send({ name: 'R', surname: 'Ace', email: spelling, password: PASSWORD }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array(9).fill(409)]);
      expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'EMAIL_TAKEN')).toBe(
        true,
      );
    });

    it.each([
      ['7 bytes', 'short12'],
      ['73 bytes', 'a'.repeat(73)],
      ['37 characters but 74 bytes of UTF-8', 'ñ'.repeat(37)],
    ])('refuses a password of %s', async (_what, password) => {
      const response = await t.http
        .post('/auth/register')
        .send({ name: 'P', surname: 'W', email: uniqueEmail(), password })
        .expect(400);
      expect(response.body.errors).toEqual([
        { field: 'password', messages: ['debe tener entre 8 y 72 bytes (UTF-8)'] },
      ]);
    });

    it('refuses a malformed e-mail and missing names, listing each field', async () => {
      const response = await t.http
        .post('/auth/register')
        .send({ email: 'not-an-email', password: PASSWORD })
        .expect(400);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'email',
        'name',
        'surname',
      ]);
    });
  });

  describe('POST /auth/login', () => {
    it('answers the user, both tokens and expiresIn, and sets the three cookies', async () => {
      const { id, email } = await register(t.http);
      const response = await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
      expect(response.body).toEqual({
        id,
        name: 'Ana',
        surname: 'Prueba',
        email,
        rol: 'user',
        token: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/),
        refreshToken: expect.stringMatching(/^[0-9a-f-]{36}\.0\.[\w-]{43}$/),
        expiresIn: 900,
      });
      const cookies = ([] as string[]).concat(response.headers['set-cookie']);
      const access = cookies.find((c) => c.startsWith('access_token='))!;
      const refresh = cookies.find((c) => c.startsWith('refresh_token='))!;
      const csrf = cookies.find((c) => c.startsWith('csrf_token='))!;
      expect(access).toMatch(/; Path=\/;.*HttpOnly/);
      expect(access).toMatch(/SameSite=Lax/);
      expect(refresh).toMatch(/; Path=\/auth;.*HttpOnly/);
      expect(csrf).not.toMatch(/HttpOnly/);
    });

    it('gives byte-identical answers for a wrong password and an unknown e-mail', async () => {
      const { email } = await register(t.http);
      const wrongPassword = await t.http
        .post('/auth/login')
        .send({ email, password: 'wrong password!' })
        .expect(401);
      const unknownEmail = await t.http
        .post('/auth/login')
        .send({ email: uniqueEmail('nobody'), password: PASSWORD })
        .expect(401);
      expect(wrongPassword.text).toBe(unknownEmail.text);
      expect(wrongPassword.body).toEqual({
        statusCode: 401,
        code: 'INVALID_CREDENTIALS',
        message: 'Correo o contraseña incorrectos',
      });
    });

    it('says USER_DISABLED to a disabled account only with the right password', async () => {
      const boss = await loginAdmin();
      const { id, email } = await register(t.http);
      await t.http.patch(`/api/users/${id}`).set(boss.auth).send({ isActive: false }).expect(200);

      const right = await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(401);
      expect(right.body.code).toBe('USER_DISABLED');
      const wrong = await t.http
        .post('/auth/login')
        .send({ email, password: 'not the password' })
        .expect(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('sessions', () => {
    it('lists the live sessions and marks the current one', async () => {
      const { email } = await register(t.http);
      const phone = await login(t.http, email, PASSWORD, 'phone');
      const laptop = await login(t.http, email, PASSWORD, 'laptop');

      const response = await t.http.get('/auth/sessions').set(laptop.auth).expect(200);
      expect(response.body).toHaveLength(2);
      const current = response.body.find((s: { current: boolean }) => s.current);
      expect(current).toMatchObject({ userAgent: 'laptop', ip: expect.any(String) });
      expect(response.body.find((s: { current: boolean }) => !s.current).userAgent).toBe('phone');
      expect(Object.keys(current).sort()).toEqual([
        'createdAt',
        'current',
        'expiresAt',
        'id',
        'ip',
        'lastUsedAt',
        'userAgent',
      ]);
      await t.http.get('/auth/me').set(phone.auth).expect(200);
    });

    it('DELETE /auth/sessions/:id ends that session at once; another user’s session is 404', async () => {
      const { email } = await register(t.http);
      const phone = await login(t.http, email, PASSWORD, 'phone');
      const laptop = await login(t.http, email, PASSWORD, 'laptop');
      const stranger = await patient(t.http);
      const sessions = await t.http.get('/auth/sessions').set(laptop.auth).expect(200);
      const phoneSession = sessions.body.find((s: { userAgent: string }) => s.userAgent === 'phone').id;

      const foreign = await t.http.delete(`/auth/sessions/${phoneSession}`).set(stranger.auth).expect(404);
      expect(foreign.body.code).toBe('NOT_FOUND');
      await t.http.get('/auth/me').set(phone.auth).expect(200);

      await t.http.delete(`/auth/sessions/${phoneSession}`).set(laptop.auth).expect(204);
      const listed = await t.http.get('/auth/sessions').set(laptop.auth).expect(200);
      expect(listed.body.map((s: { id: string }) => s.id)).not.toContain(phoneSession);
      const revoked = await t.http.get('/auth/me').set(phone.auth).expect(401);
      expect(revoked.body.code).toBe('SESSION_REVOKED');
      await t.http.get('/auth/me').set(laptop.auth).expect(200);

      const malformed = await t.http.delete('/auth/sessions/not-a-uuid').set(laptop.auth).expect(400);
      expect(malformed.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('logout', () => {
    it('POST /auth/logout kills this session’s access and refresh tokens and clears the cookies', async () => {
      const me = await patient(t.http);
      const response = await t.http.post('/auth/logout').set(me.auth).expect(204);
      const cleared = ([] as string[]).concat(response.headers['set-cookie']);
      expect(cleared.filter((c) => /^(access_token|refresh_token|csrf_token)=;/.test(c))).toHaveLength(3);

      const after = await t.http.get('/auth/me').set(me.auth).expect(401);
      expect(after.body.code).toBe('SESSION_REVOKED');
      const refresh = await t.http.post('/auth/refresh').send({ refreshToken: me.refreshToken }).expect(401);
      expect(refresh.body.code).toBe('REFRESH_INVALID');
    });

    it('POST /auth/logout-all kills every session of the user, and only theirs', async () => {
      const { email } = await register(t.http);
      const one = await login(t.http, email);
      const two = await login(t.http, email);
      const other = await patient(t.http);

      await t.http.post('/auth/logout-all').set(one.auth).expect(204);
      for (const session of [one, two]) {
        const response = await t.http.get('/auth/me').set(session.auth).expect(401);
        expect(response.body.code).toBe('SESSION_REVOKED');
      }
      await t.http.get('/auth/me').set(other.auth).expect(200);
    });

    it('needs a token', async () => {
      const response = await t.http.post('/auth/logout').expect(401);
      expect(response.body.code).toBe('TOKEN_MISSING');
    });
  });

  describe('GET /auth/me', () => {
    it('answers the caller', async () => {
      const me = await patient(t.http);
      const response = await t.http.get('/auth/me').set(me.auth).expect(200);
      expect(response.body).toMatchObject({ id: me.id, email: me.email, rol: 'user' });
    });

    it('speaks English when Accept-Language prefers it', async () => {
      const response = await t.http
        .get('/auth/me')
        .set('accept-language', 'en-GB,en;q=0.9,es;q=0.5')
        .expect(401);
      expect(response.body).toEqual({
        statusCode: 401,
        code: 'TOKEN_MISSING',
        message: 'The request has no token',
      });
      const spanish = await t.http.get('/auth/me').expect(401);
      expect(spanish.body.message).toBe('No hay token en la petición');
    });
  });

  async function loginAdmin() {
    const { email } = await register(t.http, { adminKey: ADMIN_KEY });
    return login(t.http, email);
  }
});
