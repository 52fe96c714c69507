import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { book, booked } from './support/appointments.js';
import { inHours, plusMinutes } from './support/clock.js';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';

/** POST /api/appointments: what a booking answers, what it refuses, and no double booking when requests race. */
describe('appointments: booking', () => {
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('POST /api/appointments', () => {
    it('books for the patient: 201 with both people, status scheduled and no notes for a patient', async () => {
      const { doc, me, startsAt, appointment } = await booked(t.http, boss);
      expect(appointment).toEqual({
        id: expect.any(String),
        patient: { id: me.id, name: 'Ana', surname: 'Prueba' },
        doctor: { id: doc.id, name: 'Luis', surname: 'Médico', specialty: 'Cardiología' },
        startsAt,
        endsAt: plusMinutes(startsAt, 30),
        status: 'scheduled',
        reason: 'Revisión',
        cancelReason: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it.each([
      ['ends before it starts', -30],
      ['lasts 4 minutes', 4],
      ['lasts 241 minutes', 241],
    ])('refuses an appointment that %s', async (_what, minutes) => {
      const doc = await doctor(t.http, boss);
      const me = await patient(t.http);
      const startsAt = inHours(48);
      const response = await book(t.http, me, {
        doctorId: doc.id,
        startsAt,
        endsAt: plusMinutes(startsAt, minutes),
      }).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'endsAt' }] });
    });

    it('refuses times without an offset, malformed ids and unknown fields', async () => {
      const doc = await doctor(t.http, boss);
      const me = await patient(t.http);
      const cases = [
        { doctorId: doc.id, startsAt: '2030-01-01T09:00:00', endsAt: '2030-01-01T09:30:00' },
        { doctorId: 'doctor-1', startsAt: '2030-01-01T09:00:00Z', endsAt: '2030-01-01T09:30:00Z' },
        {
          doctorId: doc.id,
          startsAt: '2030-01-01T09:00:00Z',
          endsAt: '2030-01-01T09:30:00Z',
          status: 'confirmed',
        },
      ];
      for (const body of cases) {
        const response = await book(t.http, me, body).expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('says 404 NOT_FOUND when doctorId is not an active doctor', async () => {
      const me = await patient(t.http);
      const other = await patient(t.http);
      const disabled = await doctor(t.http, boss);
      await t.http.patch(`/api/users/${disabled.id}`).set(boss.auth).send({ isActive: false }).expect(200);
      const startsAt = inHours(48);
      for (const doctorId of [randomUUID(), other.id, disabled.id]) {
        const response = await book(t.http, me, {
          doctorId,
          startsAt,
          endsAt: plusMinutes(startsAt, 30),
        }).expect(404);
        expect(response.body.code).toBe('NOT_FOUND');
      }
    });

    it('says 422 IN_THE_PAST for a start that has passed', async () => {
      const doc = await doctor(t.http, boss);
      const me = await patient(t.http);
      const startsAt = inHours(-1);
      const response = await book(t.http, me, {
        doctorId: doc.id,
        startsAt,
        endsAt: plusMinutes(startsAt, 30),
      }).expect(422);
      expect(response.body.code).toBe('IN_THE_PAST');
    });

    it('lets an admin book for a patient (patientId required), a patient only for themselves, a doctor not for a stranger', async () => {
      const doc = await doctor(t.http, boss);
      const me = await patient(t.http);
      const other = await patient(t.http);
      const startsAt = inHours(50);
      const body = { doctorId: doc.id, startsAt, endsAt: plusMinutes(startsAt, 30) };

      const missing = await book(t.http, boss, body).expect(400);
      expect(missing.body.errors[0].field).toBe('patientId');
      const forSomeone = await book(t.http, me, { ...body, patientId: other.id }).expect(403);
      expect(forSomeone.body.code).toBe('FORBIDDEN_ROLE');
      // A doctor books only follow-ups of their own patients (test/follow-up-booking.e2e-spec.ts).
      const byDoctor = await book(t.http, doc, { ...body, patientId: me.id }).expect(404);
      expect(byDoctor.body.code).toBe('NOT_FOUND');
      const made = await book(t.http, boss, { ...body, patientId: me.id }).expect(201);
      expect(made.body.patient.id).toBe(me.id);
      await book(t.http, boss, {
        ...body,
        patientId: doc.id,
        startsAt: inHours(60),
        endsAt: plusMinutes(inHours(60), 30),
      }).expect(404);
    });

    it('says 409 APPOINTMENT_CONFLICT for an overlap with the same doctor or the same patient, and allows touching ones', async () => {
      const { doc, me, startsAt } = await booked(t.http, boss);
      const otherPatient = await patient(t.http);
      const otherDoctor = await doctor(t.http, boss);
      const overlap = { startsAt: plusMinutes(startsAt, 15), endsAt: plusMinutes(startsAt, 45) };

      const sameDoctor = await book(t.http, otherPatient, { doctorId: doc.id, ...overlap }).expect(409);
      expect(sameDoctor.body.code).toBe('APPOINTMENT_CONFLICT');
      const samePatient = await book(t.http, me, { doctorId: otherDoctor.id, ...overlap }).expect(409);
      expect(samePatient.body.code).toBe('APPOINTMENT_CONFLICT');
      await book(t.http, otherPatient, {
        doctorId: doc.id,
        startsAt: plusMinutes(startsAt, 30),
        endsAt: plusMinutes(startsAt, 60),
      }).expect(201);
    });

    it('lets a cancelled slot be booked again', async () => {
      const { doc, me, startsAt, appointment } = await booked(t.http, boss);
      await t.http.post(`/api/appointments/${appointment.id}/cancel`).set(me.auth).send({}).expect(200);
      const other = await patient(t.http);
      const again = await book(t.http, other, {
        doctorId: doc.id,
        startsAt,
        endsAt: plusMinutes(startsAt, 30),
      }).expect(201);
      expect(again.body.patient.id).toBe(other.id);
    });
  });

  describe('no double booking under concurrency', () => {
    it('of 20 patients booking one doctor slot at once, exactly one gets it', async () => {
      const doc = await doctor(t.http, boss);
      const patients = await Promise.all(Array.from({ length: 20 }, () => patient(t.http)));
      const startsAt = inHours(72);
      const body = { doctorId: doc.id, startsAt, endsAt: plusMinutes(startsAt, 30) };

      const responses = await Promise.all(patients.map((p) => book(t.http, p, body)));

      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([201, ...Array(19).fill(409)]);
      expect(
        responses.filter((r) => r.status === 409).every((r) => r.body.code === 'APPOINTMENT_CONFLICT'),
      ).toBe(true);
      const [{ count }] = await t.app
        .get(DataSource)
        .query(
          `SELECT count(*)::int AS count FROM appointments WHERE doctor_id = $1 AND status <> 'cancelled'`,
          [doc.id],
        );
      expect(count).toBe(1);
    });

    it('one patient booking two doctors at the same time in parallel gets one', async () => {
      const [first, second] = await Promise.all([doctor(t.http, boss), doctor(t.http, boss)]);
      const me = await patient(t.http);
      const startsAt = inHours(80);
      const responses = await Promise.all(
        [first, second].map((d) =>
          book(t.http, me, { doctorId: d.id, startsAt, endsAt: plusMinutes(startsAt, 30) }),
        ),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    });
  });
});
