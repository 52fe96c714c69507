import {
  ADMIN_KEY,
  PASSWORD,
  admin,
  doctor,
  login,
  loginFrom,
  patient,
  register,
  startApp,
  type LoggedIn,
  type TestApp,
  uniqueEmail,
} from './support/helpers.js';
import { freshIp } from './support/addresses.js';
import { auditEvents } from './support/audit.js';
import { slotAt } from './support/clock.js';

/**
 * What the audit trail records, with who did it, to whom, from where and without secrets: sign-ins and their
 * failures, sessions, passwords, admins, roles, appointments and threads read. (Reading the trail:
 * audit-events-list.e2e-spec.ts.)
 */
describe('audit events recorded', () => {
  let t: TestApp;
  let staff: LoggedIn;

  beforeAll(async () => {
    t = await startApp({ TRUST_PROXY: 'true', LOGIN_MAX_FAILURES: '3' });
    staff = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  const events = (query: string) => auditEvents(t.http, staff, query);

  const applicant = (extra: Record<string, unknown>) => ({
    name: 'Ana',
    surname: 'Prueba',
    email: uniqueEmail('admin'),
    password: PASSWORD,
    ...extra,
  });

  describe('sign-in and sessions', () => {
    it('records logins, failures, lock-outs, logouts, revoked sessions and refresh reuse, without secrets', async () => {
      const { id, email } = await register(t.http);
      const ip = freshIp();
      const ok = await t.http
        .post('/auth/login')
        .set('x-forwarded-for', ip)
        .set('user-agent', 'audit-test/1.0')
        .send({ email, password: PASSWORD })
        .expect(200);
      const me = { auth: { authorization: `Bearer ${ok.body.token}` } };
      for (let i = 0; i < 3; i++) {
        await loginFrom(t.http, ip, email, 'wrong password!').expect(401);
      }
      const second = await login(t.http, email);
      const third = await login(t.http, email);
      await t.http
        .delete(`/auth/sessions/${JSON.parse(atob(third.token.split('.')[1])).sid}`)
        .set(me.auth)
        .expect(204);
      const first = await t.http
        .post('/auth/refresh')
        .send({ refreshToken: second.refreshToken })
        .expect(200);
      expect(first.body.refreshToken).not.toBe(second.refreshToken);
      // Replaying the old token after the grace window would be reuse; the grace window is 10 s, so reuse the
      // one before the current twice removed.
      const next = await t.http
        .post('/auth/refresh')
        .send({ refreshToken: first.body.refreshToken })
        .expect(200);
      await t.http.post('/auth/refresh').send({ refreshToken: next.body.refreshToken }).expect(200);
      const reused = await t.http.post('/auth/refresh').send({ refreshToken: second.refreshToken });
      expect(reused.body.code).toBe('REFRESH_REUSED');
      await t.http.post('/auth/logout').set(me.auth).expect(204);
      await t.http.post('/auth/logout-all').set(third.auth);

      const trail = await events(`userId=${id}`);
      const types = trail.map((event) => event.type);
      for (const type of [
        'login_succeeded',
        'login_failed',
        'login_locked',
        'session_revoked',
        'refresh_reused',
        'logout',
      ]) {
        expect(types).toContain(type);
      }
      const success = trail.find((event) => event.type === 'login_succeeded' && event.ip === ip)!;
      expect(success).toMatchObject({ actorId: id, subjectId: id, userAgent: 'audit-test/1.0' });
      expect(trail.find((event) => event.type === 'login_failed')).toMatchObject({
        actorId: null,
        subjectId: id,
        ip,
        details: { email },
      });
      const text = JSON.stringify(trail);
      for (const secret of [
        PASSWORD,
        'wrong password!',
        ok.body.token,
        ok.body.refreshToken,
        second.refreshToken,
      ]) {
        expect(text).not.toContain(secret);
      }
    });

    it('records logout-all and password changes', async () => {
      const { id, email } = await register(t.http);
      const me = await login(t.http, email);
      await t.http
        .put('/api/users/me/password')
        .set(me.auth)
        .send({ currentPassword: PASSWORD, newPassword: 'another good password' })
        .expect(204);
      await t.http.post('/auth/logout-all').set(me.auth).expect(204);
      const types = (await events(`userId=${id}`)).map((event) => event.type);
      expect(types).toEqual(expect.arrayContaining(['password_changed', 'logout_all']));
      expect(JSON.stringify(await events(`userId=${id}`))).not.toContain('another good password');
    });

    it('records an admin registering themselves, and a wrong adminKey', async () => {
      const created = await t.http
        .post('/auth/register')
        .send(applicant({ adminKey: ADMIN_KEY }))
        .expect(201);
      await expect(events(`userId=${created.body.id}&type=admin_registered`)).resolves.toEqual([
        expect.objectContaining({ actorId: created.body.id, subjectId: created.body.id }),
      ]);
      const refused = applicant({ adminKey: 'not the key' });
      await t.http.post('/auth/register').send(refused).expect(403);
      const trail = await events('type=admin_key_refused');
      expect(trail.some((event) => event.details.email === refused.email)).toBe(true);
      expect(JSON.stringify(trail)).not.toContain('not the key');
    });
  });

  describe('users, appointments and threads', () => {
    it('records role changes, disabling and deletion, with the admin as actor', async () => {
      const user = await patient(t.http);
      await t.http
        .patch(`/api/users/${user.id}`)
        .set(staff.auth)
        .send({ rol: 'doctor', specialty: 'Dermatología' });
      await t.http.patch(`/api/users/${user.id}`).set(staff.auth).send({ isActive: false }).expect(200);
      await t.http.delete(`/api/users/${user.id}`).set(staff.auth).expect(204);
      const trail = await events(`userId=${user.id}`);
      expect(trail.find((event) => event.type === 'user_role_changed')).toMatchObject({
        actorId: staff.id,
        subjectId: user.id,
        details: { from: 'user', to: 'doctor' },
      });
      for (const type of ['user_disabled', 'user_deleted']) {
        expect(trail.find((event) => event.type === type)).toMatchObject({
          actorId: staff.id,
          subjectId: user.id,
        });
      }
    });

    it('records appointments created, rescheduled, cancelled and deleted, and an admin reading a thread', async () => {
      const doc = await doctor(t.http, staff);
      const me = await patient(t.http);
      const booked = await t.http
        .post('/api/appointments')
        .set(me.auth)
        .send({ doctorId: doc.id, ...slotAt(72) })
        .expect(201);
      const id = booked.body.id as string;
      await t.http
        .patch(`/api/appointments/${id}`)
        .set(me.auth)
        .send({ ...slotAt(96) })
        .expect(200);
      await t.http.post(`/api/appointments/${id}/cancel`).set(me.auth).send({}).expect(200);
      await t.http.delete(`/api/appointments/${id}`).set(staff.auth).expect(204);
      const trail = await events(`userId=${id}`);
      expect(trail.map((event) => event.type).sort()).toEqual([
        'appointment_cancelled',
        'appointment_created',
        'appointment_deleted',
        'appointment_rescheduled',
      ]);
      expect(trail.find((event) => event.type === 'appointment_created')).toMatchObject({
        actorId: me.id,
        details: { patientId: me.id, doctorId: doc.id },
      });

      await t.http.post('/api/messages').set(me.auth).send({ body: 'hola' }).expect(201);
      await t.http.get(`/api/messages?userId=${me.id}`).set(staff.auth).expect(200);
      expect(await events(`userId=${me.id}&type=messages.thread_read`)).toEqual([
        expect.objectContaining({ actorId: staff.id, subjectId: me.id, details: { count: 1 } }),
      ]);
    });

    it('records every status change of an appointment, and a cancel by PATCH like one by POST …/cancel', async () => {
      const doc = await doctor(t.http, staff);
      const me = await patient(t.http);
      const book = async (hours: number) =>
        (
          await t.http
            .post('/api/appointments')
            .set(me.auth)
            .send({ doctorId: doc.id, ...slotAt(hours) })
            .expect(201)
        ).body.id as string;
      const status = (id: string, value: string) =>
        t.http.patch(`/api/appointments/${id}`).set(doc.auth).send({ status: value }).expect(200);

      const done = await book(72);
      await status(done, 'confirmed');
      await status(done, 'completed');
      await expect(events(`userId=${done}&type=appointment_status_changed`)).resolves.toEqual([
        expect.objectContaining({
          actorId: doc.id,
          details: expect.objectContaining({ from: 'confirmed', to: 'completed' }),
        }),
        expect.objectContaining({
          actorId: doc.id,
          details: expect.objectContaining({ from: 'scheduled', to: 'confirmed' }),
        }),
      ]);

      const cancelled = await book(96);
      await status(cancelled, 'cancelled');
      await expect(events(`userId=${cancelled}&type=appointment_cancelled`)).resolves.toEqual([
        expect.objectContaining({ actorId: doc.id, subjectId: cancelled }),
      ]);
    });

    it('records an admin reading the conversations list', async () => {
      await t.http.get('/api/messages/conversations').set(staff.auth).expect(200);
      const trail = await events(`userId=${staff.id}&type=messages_conversations_read`);
      expect(trail.length).toBeGreaterThanOrEqual(1);
      expect(trail[0]).toMatchObject({ actorId: staff.id, details: { count: expect.any(Number) } });
    });
  });
});
