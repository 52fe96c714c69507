import { DataSource } from 'typeorm';
import { book, booked } from './support/appointments.js';
import { inHours, plusMinutes } from './support/clock.js';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';

/** GET /api/appointments and GET /api/appointments/:id: who sees which appointments, and the list's filters. */
describe('appointments: reading', () => {
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('reading', () => {
    it('GET /api/appointments shows a patient their own, a doctor their schedule and an admin everything, by start', async () => {
      const doc = await doctor(t.http, boss);
      const [ana, bea] = await Promise.all([patient(t.http), patient(t.http)]);
      const later = inHours(100);
      const earlier = inHours(90);
      const a1 = (
        await book(t.http, ana, { doctorId: doc.id, startsAt: later, endsAt: plusMinutes(later, 30) }).expect(
          201,
        )
      ).body;
      const b1 = (
        await book(t.http, bea, {
          doctorId: doc.id,
          startsAt: earlier,
          endsAt: plusMinutes(earlier, 30),
        }).expect(201)
      ).body;

      const own = await t.http.get('/api/appointments').set(ana.auth).expect(200);
      expect(own.body.data.map((a: { id: string }) => a.id)).toEqual([a1.id]);
      expect(own.body.meta).toEqual({ page: 1, limit: 20, total: 1 });

      const schedule = await t.http.get('/api/appointments').set(doc.auth).expect(200);
      expect(schedule.body.data.map((a: { id: string }) => a.id)).toEqual([b1.id, a1.id]);
      expect(schedule.body.data[0]).toHaveProperty('notes', null);

      const all = await t.http
        .get(`/api/appointments?doctorId=${doc.id}&limit=1&page=2`)
        .set(boss.auth)
        .expect(200);
      expect(all.body).toMatchObject({ data: [{ id: a1.id }], meta: { page: 2, limit: 1, total: 2 } });
      const byPatient = await t.http.get(`/api/appointments?patientId=${bea.id}`).set(boss.auth).expect(200);
      expect(byPatient.body.data.map((a: { id: string }) => a.id)).toEqual([b1.id]);
      const window = await t.http
        .get(
          `/api/appointments?doctorId=${doc.id}&from=${encodeURIComponent(plusMinutes(earlier, 31))}&to=${encodeURIComponent(inHours(200))}`,
        )
        .set(boss.auth)
        .expect(200);
      expect(window.body.data.map((a: { id: string }) => a.id)).toEqual([a1.id]);
      const cancelled = await t.http
        .get(`/api/appointments?doctorId=${doc.id}&status=cancelled`)
        .set(boss.auth)
        .expect(200);
      expect(cancelled.body.meta.total).toBe(0);
      const snooping = await t.http.get(`/api/appointments?patientId=${bea.id}`).set(ana.auth).expect(200);
      expect(snooping.body.meta.total).toBe(0);
    });

    it('refuses bad filters with 400', async () => {
      for (const query of [
        'status=lost',
        'from=yesterday',
        'doctorId=1',
        'limit=500',
        'status=scheduled&status=confirmed',
      ]) {
        const response = await t.http.get(`/api/appointments?${query}`).set(boss.auth).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('GET /api/appointments/:id is 404 for another patient and another doctor, 200 with notes for its doctor', async () => {
      const { doc, me, appointment } = await booked(t.http, boss);
      const stranger = await patient(t.http);
      const otherDoctor = await doctor(t.http, boss);
      for (const who of [stranger, otherDoctor]) {
        const response = await t.http.get(`/api/appointments/${appointment.id}`).set(who.auth).expect(404);
        expect(response.body.code).toBe('NOT_FOUND');
      }
      await t.http
        .patch(`/api/appointments/${appointment.id}`)
        .set(doc.auth)
        .send({ notes: 'Tensión alta' })
        .expect(200);
      const forDoctor = await t.http.get(`/api/appointments/${appointment.id}`).set(doc.auth).expect(200);
      expect(forDoctor.body.notes).toBe('Tensión alta');
      const forAdmin = await t.http.get(`/api/appointments/${appointment.id}`).set(boss.auth).expect(200);
      expect(forAdmin.body.notes).toBe('Tensión alta');
      const forPatient = await t.http.get(`/api/appointments/${appointment.id}`).set(me.auth).expect(200);
      expect(forPatient.body).not.toHaveProperty('notes');
      await t.http.get('/api/appointments/not-a-uuid').set(me.auth).expect(400);
    });

    it('writes every instant the same way in the list and in a single read, to the millisecond, in UTC', async () => {
      const { me, appointment } = await booked(t.http, boss);
      // Microseconds, which PostgreSQL keeps and the API truncates, as a JavaScript Date does.
      await t.app
        .get(DataSource)
        .query(`UPDATE appointments SET created_at = '2026-03-01 10:00:00.123999+01' WHERE id = $1`, [
          appointment.id,
        ]);
      const one = await t.http.get(`/api/appointments/${appointment.id}`).set(me.auth).expect(200);
      const list = await t.http.get('/api/appointments').set(me.auth).expect(200);
      const listed = list.body.data.find((row: { id: string }) => row.id === appointment.id);
      expect(listed).toEqual(one.body);
      expect(one.body.createdAt).toBe('2026-03-01T09:00:00.123Z');
      for (const field of ['startsAt', 'endsAt', 'createdAt', 'updatedAt']) {
        expect(listed[field]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      }
    });
  });
});
