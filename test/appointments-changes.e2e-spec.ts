import { book, booked } from './support/appointments.js';
import { inHours, plusMinutes } from './support/clock.js';
import { admin, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';

/** PATCH /api/appointments/:id (times, status, notes), POST …/cancel and DELETE: who may, and the status machine. */
describe('appointments: rescheduling, status, cancelling and deleting', () => {
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('PATCH /api/appointments/:id', () => {
    it('lets the patient reschedule their own, under the same rules as booking', async () => {
      const { doc, me, appointment } = await booked(t.http, boss);
      const startsAt = inHours(120);
      const moved = await t.http
        .patch(`/api/appointments/${appointment.id}`)
        .set(me.auth)
        .send({ startsAt, endsAt: plusMinutes(startsAt, 20) })
        .expect(200);
      expect(moved.body).toMatchObject({ startsAt, endsAt: plusMinutes(startsAt, 20), status: 'scheduled' });

      const other = await patient(t.http);
      const taken = await book(t.http, other, {
        doctorId: doc.id,
        startsAt: inHours(130),
        endsAt: plusMinutes(inHours(130), 30),
      }).expect(201);
      const conflict = await t.http
        .patch(`/api/appointments/${appointment.id}`)
        .set(me.auth)
        .send({ startsAt: taken.body.startsAt, endsAt: taken.body.endsAt })
        .expect(409);
      expect(conflict.body.code).toBe('APPOINTMENT_CONFLICT');
      const past = await t.http
        .patch(`/api/appointments/${appointment.id}`)
        .set(me.auth)
        .send({ startsAt: inHours(-2), endsAt: inHours(-1) })
        .expect(422);
      expect(past.body.code).toBe('IN_THE_PAST');
      const half = await t.http
        .patch(`/api/appointments/${appointment.id}`)
        .set(me.auth)
        .send({ startsAt })
        .expect(400);
      expect(half.body.code).toBe('VALIDATION_FAILED');
    });

    it('lets only its doctor and admins change status and notes', async () => {
      const { me, appointment } = await booked(t.http, boss);
      for (const body of [{ status: 'confirmed' }, { notes: 'mine' }]) {
        const response = await t.http
          .patch(`/api/appointments/${appointment.id}`)
          .set(me.auth)
          .send(body)
          .expect(403);
        expect(response.body.code).toBe('FORBIDDEN_ROLE');
      }
      const stranger = await patient(t.http);
      await t.http
        .patch(`/api/appointments/${appointment.id}`)
        .set(stranger.auth)
        .send({ startsAt: inHours(200), endsAt: inHours(201) })
        .expect(404);
    });

    it('follows the status machine: scheduled → confirmed → completed, anything else 409', async () => {
      const { doc, appointment } = await booked(t.http, boss);
      const patch = (status: string) =>
        t.http.patch(`/api/appointments/${appointment.id}`).set(doc.auth).send({ status });
      expect((await patch('completed').expect(409)).body.code).toBe('INVALID_TRANSITION');
      expect((await patch('scheduled').expect(409)).body.code).toBe('INVALID_TRANSITION');
      expect((await patch('confirmed').expect(200)).body.status).toBe('confirmed');
      expect((await patch('scheduled').expect(409)).body.code).toBe('INVALID_TRANSITION');
      expect((await patch('completed').expect(200)).body.status).toBe('completed');
      expect((await patch('cancelled').expect(409)).body.code).toBe('INVALID_TRANSITION');
      const move = await t.http
        .patch(`/api/appointments/${appointment.id}`)
        .set(boss.auth)
        .send({ startsAt: inHours(300), endsAt: inHours(300.5) })
        .expect(409);
      expect(move.body.code).toBe('INVALID_TRANSITION');
    });

    it('lets an admin mark a confirmed appointment no_show', async () => {
      const { appointment } = await booked(t.http, boss);
      await t.http
        .patch(`/api/appointments/${appointment.id}`)
        .set(boss.auth)
        .send({ status: 'confirmed' })
        .expect(200);
      const response = await t.http
        .patch(`/api/appointments/${appointment.id}`)
        .set(boss.auth)
        .send({ status: 'no_show' })
        .expect(200);
      expect(response.body.status).toBe('no_show');
    });
  });

  describe('POST /api/appointments/:id/cancel', () => {
    it('lets a patient cancel with enough notice, with a reason', async () => {
      const { me, appointment } = await booked(t.http, boss, 30, 48);
      const response = await t.http
        .post(`/api/appointments/${appointment.id}/cancel`)
        .set(me.auth)
        .send({ reason: 'Viaje' })
        .expect(200);
      expect(response.body).toMatchObject({ status: 'cancelled', cancelReason: 'Viaje' });
      const again = await t.http
        .post(`/api/appointments/${appointment.id}/cancel`)
        .set(me.auth)
        .send({})
        .expect(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
    });

    it('says 422 CANCEL_TOO_LATE to a patient within CANCEL_MIN_NOTICE_HOURS, but staff may cancel', async () => {
      const { doc, me, appointment } = await booked(t.http, boss, 30, 2);
      const late = await t.http
        .post(`/api/appointments/${appointment.id}/cancel`)
        .set(me.auth)
        .send({})
        .expect(422);
      expect(late.body.code).toBe('CANCEL_TOO_LATE');
      const byDoctor = await t.http
        .post(`/api/appointments/${appointment.id}/cancel`)
        .set(doc.auth)
        .send({})
        .expect(200);
      expect(byDoctor.body.status).toBe('cancelled');
    });

    it('is 404 for someone who may not see it', async () => {
      const { appointment } = await booked(t.http, boss);
      const stranger = await patient(t.http);
      await t.http.post(`/api/appointments/${appointment.id}/cancel`).set(stranger.auth).send({}).expect(404);
      const still = await t.http.get(`/api/appointments/${appointment.id}`).set(boss.auth).expect(200);
      expect(still.body.status).toBe('scheduled');
    });
  });

  describe('DELETE /api/appointments/:id', () => {
    it('is for admins only: 204, then 404; patients and doctors get 403', async () => {
      const { doc, me, appointment } = await booked(t.http, boss);
      for (const who of [me, doc]) {
        const response = await t.http.delete(`/api/appointments/${appointment.id}`).set(who.auth).expect(403);
        expect(response.body.code).toBe('FORBIDDEN_ROLE');
      }
      await t.http.delete(`/api/appointments/${appointment.id}`).set(boss.auth).expect(204);
      await t.http.get(`/api/appointments/${appointment.id}`).set(boss.auth).expect(404);
      await t.http.delete(`/api/appointments/${appointment.id}`).set(boss.auth).expect(404);
    });
  });
});
