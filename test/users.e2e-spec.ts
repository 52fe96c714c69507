import {
  PASSWORD,
  admin,
  doctor,
  login,
  patient,
  register,
  startApp,
  type LoggedIn,
  type TestApp,
  uniqueEmail,
} from './support/helpers.js';

describe('users', () => {
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('/api/users/me', () => {
    it('GET answers the caller', async () => {
      const me = await patient(t.http);
      const response = await t.http.get('/api/users/me').set(me.auth).expect(200);
      expect(response.body).toMatchObject({ id: me.id, email: me.email, rol: 'user', isActive: true });
    });

    it('PATCH changes name and surname, trimmed', async () => {
      const me = await patient(t.http);
      const response = await t.http
        .patch('/api/users/me')
        .set(me.auth)
        .send({ name: ' Carmen ', surname: 'Ruiz' })
        .expect(200);
      expect(response.body).toMatchObject({ name: 'Carmen', surname: 'Ruiz', email: me.email });
    });

    it.each([{ email: 'new@x.test' }, { rol: 'admin' }, { isActive: false }, { name: '' }])(
      'PATCH refuses %j and changes nothing',
      async (body) => {
        const me = await patient(t.http);
        const response = await t.http.patch('/api/users/me').set(me.auth).send(body).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
        const after = await t.http.get('/api/users/me').set(me.auth).expect(200);
        expect(after.body).toMatchObject({ email: me.email, rol: 'user', isActive: true, name: 'Ana' });
      },
    );
  });

  describe('PUT /api/users/me/password', () => {
    it('changes the password and ends every other session, keeping this one', async () => {
      const { email } = await register(t.http);
      const here = await login(t.http, email);
      const elsewhere = await login(t.http, email);

      await t.http
        .put('/api/users/me/password')
        .set(here.auth)
        .send({ currentPassword: PASSWORD, newPassword: 'a brand new password' })
        .expect(204);

      await t.http.get('/auth/me').set(here.auth).expect(200);
      const other = await t.http.get('/auth/me').set(elsewhere.auth).expect(401);
      expect(other.body.code).toBe('SESSION_REVOKED');
      await t.http.post('/auth/login').send({ email, password: PASSWORD }).expect(401);
      await login(t.http, email, 'a brand new password');
    });

    it('refuses a wrong current password with INVALID_CREDENTIALS and a short new one with 400', async () => {
      const me = await patient(t.http);
      const wrong = await t.http
        .put('/api/users/me/password')
        .set(me.auth)
        .send({ currentPassword: 'not my password', newPassword: 'a brand new password' })
        .expect(401);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      const short = await t.http
        .put('/api/users/me/password')
        .set(me.auth)
        .send({ currentPassword: PASSWORD, newPassword: 'short' })
        .expect(400);
      expect(short.body.errors[0].field).toBe('newPassword');
      await login(t.http, me.email);
    });
  });

  describe('admin routes', () => {
    it('are FORBIDDEN_ROLE for patients and doctors', async () => {
      const me = await patient(t.http);
      const doc = await doctor(t.http, boss);
      for (const who of [me, doc]) {
        const response = await t.http.get('/api/users').set(who.auth).expect(403);
        expect(response.body).toEqual({
          statusCode: 403,
          code: 'FORBIDDEN_ROLE',
          message: 'Usuario/Rol no autorizado',
        });
      }
      await t.http.get(`/api/users/${me.id}`).set(me.auth).expect(403);
      await t.http.post('/api/users').set(me.auth).send({}).expect(403);
      await t.http.patch(`/api/users/${me.id}`).set(me.auth).send({ rol: 'admin' }).expect(403);
      await t.http.delete(`/api/users/${me.id}`).set(me.auth).expect(403);
    });

    it('GET /api/users searches, filters by role and paginates, newest first', async () => {
      const tag = `zq${Date.now().toString(36)}`;
      const created: string[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await t.http
          .post('/api/users')
          .set(boss.auth)
          .send({
            name: `${tag}${i}`,
            surname: 'Lista',
            email: uniqueEmail(),
            password: PASSWORD,
            rol: i === 0 ? 'doctor' : 'user',
          })
          .expect(201);
        created.push(response.body.id);
      }
      const page1 = await t.http
        .get(`/api/users?search=${tag.toUpperCase()}&limit=2&page=1`)
        .set(boss.auth)
        .expect(200);
      expect(page1.body.meta).toEqual({ page: 1, limit: 2, total: 3 });
      expect(page1.body.data.map((u: { id: string }) => u.id)).toEqual([created[2], created[1]]);
      const page2 = await t.http.get(`/api/users?search=${tag}&limit=2&page=2`).set(boss.auth).expect(200);
      expect(page2.body.data.map((u: { id: string }) => u.id)).toEqual([created[0]]);

      const doctors = await t.http.get(`/api/users?search=${tag}&rol=doctor`).set(boss.auth).expect(200);
      expect(doctors.body.data.map((u: { id: string }) => u.id)).toEqual([created[0]]);
    });

    it('GET /api/users treats % and _ in the search as plain characters', async () => {
      const response = await t.http.get('/api/users?search=%25').set(boss.auth).expect(200);
      expect(response.body.meta.total).toBe(0);
    });

    it.each(['limit=101', 'limit=0', 'page=0', 'page=abc', 'rol=superuser', 'unknown=1'])(
      'GET /api/users refuses ?%s',
      async (query) => {
        const response = await t.http.get(`/api/users?${query}`).set(boss.auth).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it('GET /api/users/:id answers the user, 404 for an unknown id, 400 for a malformed one', async () => {
      const me = await patient(t.http);
      const found = await t.http.get(`/api/users/${me.id}`).set(boss.auth).expect(200);
      expect(found.body.email).toBe(me.email);
      const missing = await t.http
        .get('/api/users/00000000-0000-4000-8000-000000000000')
        .set(boss.auth)
        .expect(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      const malformed = await t.http.get('/api/users/123').set(boss.auth).expect(400);
      expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'id' }] });
    });

    it('POST /api/users creates a doctor with a specialty, who can log in', async () => {
      const email = uniqueEmail('doc');
      const response = await t.http
        .post('/api/users')
        .set(boss.auth)
        .send({
          name: 'Elena',
          surname: 'Sanz',
          email,
          password: PASSWORD,
          rol: 'doctor',
          specialty: 'Pediatría',
        })
        .expect(201);
      expect(response.body).toMatchObject({ rol: 'doctor', specialty: 'Pediatría', email });
      const doc = await login(t.http, email);
      expect(doc.id).toBe(response.body.id);
    });

    it('POST /api/users refuses a specialty for a non-doctor, a missing role, and a taken e-mail', async () => {
      const specialty = await t.http
        .post('/api/users')
        .set(boss.auth)
        .send({
          name: 'P',
          surname: 'Q',
          email: uniqueEmail(),
          password: PASSWORD,
          rol: 'user',
          specialty: 'X',
        })
        .expect(400);
      expect(specialty.body.errors).toEqual([
        { field: 'specialty', messages: ['solo los médicos tienen especialidad'] },
      ]);
      const noRole = await t.http
        .post('/api/users')
        .set(boss.auth)
        .send({ name: 'P', surname: 'Q', email: uniqueEmail(), password: PASSWORD })
        .expect(400);
      expect(noRole.body.errors[0].field).toBe('rol');
      const taken = await t.http
        .post('/api/users')
        .set(boss.auth)
        .send({ name: 'P', surname: 'Q', email: boss.email.toUpperCase(), password: PASSWORD, rol: 'user' })
        .expect(409);
      expect(taken.body.code).toBe('EMAIL_TAKEN');
    });

    it('PATCH /api/users/:id changes role and specialty; leaving the doctor role drops the specialty', async () => {
      const me = await patient(t.http);
      const promoted = await t.http
        .patch(`/api/users/${me.id}`)
        .set(boss.auth)
        .send({ rol: 'doctor', specialty: 'Dermatología' })
        .expect(200);
      expect(promoted.body).toMatchObject({ rol: 'doctor', specialty: 'Dermatología' });
      const demoted = await t.http
        .patch(`/api/users/${me.id}`)
        .set(boss.auth)
        .send({ rol: 'user' })
        .expect(200);
      expect(demoted.body).toMatchObject({ rol: 'user', specialty: null });
      await t.http.patch(`/api/users/${me.id}`).set(boss.auth).send({ email: 'x@y.test' }).expect(400);
    });

    it('PATCH isActive=false disables at once; isActive=true lets the user log in again', async () => {
      const me = await patient(t.http);
      await t.http.patch(`/api/users/${me.id}`).set(boss.auth).send({ isActive: false }).expect(200);
      const blocked = await t.http.get('/api/users/me').set(me.auth).expect(401);
      expect(blocked.body.code).toBe('USER_DISABLED');
      await t.http.patch(`/api/users/${me.id}`).set(boss.auth).send({ isActive: true }).expect(200);
      const again = await login(t.http, me.email);
      await t.http.get('/api/users/me').set(again.auth).expect(200);
      // The sessions ended by disabling stay ended.
      const old = await t.http.get('/api/users/me').set(me.auth).expect(401);
      expect(old.body.code).toBe('SESSION_REVOKED');
    });

    it('DELETE /api/users/:id soft-deletes: tokens say USER_NOT_FOUND, the e-mail is free again, a second delete is 404', async () => {
      const me = await patient(t.http);
      await t.http.delete(`/api/users/${me.id}`).set(boss.auth).expect(204);
      const token = await t.http.get('/api/users/me').set(me.auth).expect(404);
      expect(token.body.code).toBe('USER_NOT_FOUND');
      await t.http.get(`/api/users/${me.id}`).set(boss.auth).expect(404);
      const login = await t.http
        .post('/auth/login')
        .send({ email: me.email, password: PASSWORD })
        .expect(401);
      expect(login.body.code).toBe('INVALID_CREDENTIALS');
      await t.http.delete(`/api/users/${me.id}`).set(boss.auth).expect(404);
      const again = await register(t.http, { email: me.email });
      expect(again.id).not.toBe(me.id);
    });
  });

  describe('GET /api/doctors', () => {
    it('lists active doctors only, with their specialty, to anyone logged in', async () => {
      const active = await doctor(t.http, boss, 'Traumatología');
      const disabled = await doctor(t.http, boss);
      await t.http.patch(`/api/users/${disabled.id}`).set(boss.auth).send({ isActive: false }).expect(200);
      const me = await patient(t.http);

      const response = await t.http.get('/api/doctors').set(me.auth).expect(200);
      const ids = response.body.data.map((d: { id: string }) => d.id);
      expect(ids).toContain(active.id);
      expect(ids).not.toContain(disabled.id);
      expect(ids).not.toContain(me.id);
      expect(response.body.data.find((d: { id: string }) => d.id === active.id)).toEqual({
        id: active.id,
        name: 'Luis',
        surname: 'Médico',
        specialty: 'Traumatología',
      });
      await t.http.get('/api/doctors').expect(401);
    });
  });
});
