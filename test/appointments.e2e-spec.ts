import { randomUUID } from 'node:crypto';
import type { Response } from 'superagent';
import { DataSource } from 'typeorm';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './helpers.js';
import { pdfText } from './pdf-text.js';

const HOUR = 3_600_000;

/** An instant `hours` from now, rounded to the minute, as ISO-8601 UTC. */
function inHours(hours: number): string {
  return new Date(Math.floor((Date.now() + hours * HOUR) / 60_000) * 60_000).toISOString();
}

function plusMinutes(iso: string, minutes: number): string {
  return new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();
}

describe('appointments', () => {
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  const book = (who: LoggedIn, body: Record<string, unknown>) =>
    t.http.post('/api/appointments').set(who.auth).send(body);

  /** A doctor without working hours, a patient, and a booking 48 h ahead. */
  async function booked(minutes = 30, hoursAhead = 48) {
    const doc = await doctor(t.http, boss);
    const me = await patient(t.http);
    const startsAt = inHours(hoursAhead);
    const response = await book(me, {
      doctorId: doc.id,
      startsAt,
      endsAt: plusMinutes(startsAt, minutes),
      reason: 'Revisión',
    }).expect(201);
    return { doc, me, startsAt, appointment: response.body };
  }

  describe('POST /api/appointments', () => {
    it('books for the patient: 201 with both people, status scheduled and no notes for a patient', async () => {
      const { doc, me, startsAt, appointment } = await booked();
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
      const response = await book(me, {
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
        const response = await book(me, body).expect(400);
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
        const response = await book(me, { doctorId, startsAt, endsAt: plusMinutes(startsAt, 30) }).expect(
          404,
        );
        expect(response.body.code).toBe('NOT_FOUND');
      }
    });

    it('says 422 IN_THE_PAST for a start that has passed', async () => {
      const doc = await doctor(t.http, boss);
      const me = await patient(t.http);
      const startsAt = inHours(-1);
      const response = await book(me, {
        doctorId: doc.id,
        startsAt,
        endsAt: plusMinutes(startsAt, 30),
      }).expect(422);
      expect(response.body.code).toBe('IN_THE_PAST');
    });

    it('lets an admin book for a patient (patientId required) and nobody else book for others', async () => {
      const doc = await doctor(t.http, boss);
      const me = await patient(t.http);
      const other = await patient(t.http);
      const startsAt = inHours(50);
      const body = { doctorId: doc.id, startsAt, endsAt: plusMinutes(startsAt, 30) };

      const missing = await book(boss, body).expect(400);
      expect(missing.body.errors[0].field).toBe('patientId');
      const forSomeone = await book(me, { ...body, patientId: other.id }).expect(403);
      expect(forSomeone.body.code).toBe('FORBIDDEN_ROLE');
      const byDoctor = await book(doc, { ...body, patientId: me.id }).expect(403);
      expect(byDoctor.body.code).toBe('FORBIDDEN_ROLE');
      const made = await book(boss, { ...body, patientId: me.id }).expect(201);
      expect(made.body.patient.id).toBe(me.id);
      await book(boss, {
        ...body,
        patientId: doc.id,
        startsAt: inHours(60),
        endsAt: plusMinutes(inHours(60), 30),
      }).expect(404);
    });

    it('says 409 APPOINTMENT_CONFLICT for an overlap with the same doctor or the same patient, and allows touching ones', async () => {
      const { doc, me, startsAt } = await booked();
      const otherPatient = await patient(t.http);
      const otherDoctor = await doctor(t.http, boss);
      const overlap = { startsAt: plusMinutes(startsAt, 15), endsAt: plusMinutes(startsAt, 45) };

      const sameDoctor = await book(otherPatient, { doctorId: doc.id, ...overlap }).expect(409);
      expect(sameDoctor.body.code).toBe('APPOINTMENT_CONFLICT');
      const samePatient = await book(me, { doctorId: otherDoctor.id, ...overlap }).expect(409);
      expect(samePatient.body.code).toBe('APPOINTMENT_CONFLICT');
      await book(otherPatient, {
        doctorId: doc.id,
        startsAt: plusMinutes(startsAt, 30),
        endsAt: plusMinutes(startsAt, 60),
      }).expect(201);
    });

    it('lets a cancelled slot be booked again', async () => {
      const { doc, me, startsAt, appointment } = await booked();
      await t.http.post(`/api/appointments/${appointment.id}/cancel`).set(me.auth).send({}).expect(200);
      const other = await patient(t.http);
      const again = await book(other, {
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

      const responses = await Promise.all(patients.map((p) => book(p, body)));

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
        [first, second].map((d) => book(me, { doctorId: d.id, startsAt, endsAt: plusMinutes(startsAt, 30) })),
      );
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    });
  });

  describe('reading', () => {
    it('GET /api/appointments shows a patient their own, a doctor their schedule and an admin everything, by start', async () => {
      const doc = await doctor(t.http, boss);
      const [ana, bea] = await Promise.all([patient(t.http), patient(t.http)]);
      const later = inHours(100);
      const earlier = inHours(90);
      const a1 = (
        await book(ana, { doctorId: doc.id, startsAt: later, endsAt: plusMinutes(later, 30) }).expect(201)
      ).body;
      const b1 = (
        await book(bea, { doctorId: doc.id, startsAt: earlier, endsAt: plusMinutes(earlier, 30) }).expect(201)
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
      const { doc, me, appointment } = await booked();
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
  });

  describe('PATCH /api/appointments/:id', () => {
    it('lets the patient reschedule their own, under the same rules as booking', async () => {
      const { doc, me, appointment } = await booked();
      const startsAt = inHours(120);
      const moved = await t.http
        .patch(`/api/appointments/${appointment.id}`)
        .set(me.auth)
        .send({ startsAt, endsAt: plusMinutes(startsAt, 20) })
        .expect(200);
      expect(moved.body).toMatchObject({ startsAt, endsAt: plusMinutes(startsAt, 20), status: 'scheduled' });

      const other = await patient(t.http);
      const taken = await book(other, {
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
      const { me, appointment } = await booked();
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
      const { doc, appointment } = await booked();
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
      const { appointment } = await booked();
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
      const { me, appointment } = await booked(30, 48);
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
      const { doc, me, appointment } = await booked(30, 2);
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
      const { appointment } = await booked();
      const stranger = await patient(t.http);
      await t.http.post(`/api/appointments/${appointment.id}/cancel`).set(stranger.auth).send({}).expect(404);
      const still = await t.http.get(`/api/appointments/${appointment.id}`).set(boss.auth).expect(200);
      expect(still.body.status).toBe('scheduled');
    });
  });

  describe('DELETE /api/appointments/:id', () => {
    it('is for admins only: 204, then 404; patients and doctors get 403', async () => {
      const { doc, me, appointment } = await booked();
      for (const who of [me, doc]) {
        const response = await t.http.delete(`/api/appointments/${appointment.id}`).set(who.auth).expect(403);
        expect(response.body.code).toBe('FORBIDDEN_ROLE');
      }
      await t.http.delete(`/api/appointments/${appointment.id}`).set(boss.auth).expect(204);
      await t.http.get(`/api/appointments/${appointment.id}`).set(boss.auth).expect(404);
      await t.http.delete(`/api/appointments/${appointment.id}`).set(boss.auth).expect(404);
    });
  });

  describe('working hours and availability', () => {
    const week = [
      { weekday: 0, start: '09:00', end: '10:00', slotMinutes: 30 },
      { weekday: 1, start: '09:00', end: '13:00', slotMinutes: 30 },
      { weekday: 1, start: '16:00', end: '18:00', slotMinutes: 60 },
    ];

    it('PUT /api/doctors/:id/working-hours is for that doctor or an admin', async () => {
      const doc = await doctor(t.http, boss);
      const otherDoctor = await doctor(t.http, boss);
      const me = await patient(t.http);
      const saved = await t.http
        .put(`/api/doctors/${doc.id}/working-hours`)
        .set(doc.auth)
        .send(week)
        .expect(200);
      expect(saved.body).toEqual(week);
      for (const who of [otherDoctor, me]) {
        const response = await t.http
          .put(`/api/doctors/${doc.id}/working-hours`)
          .set(who.auth)
          .send([])
          .expect(403);
        expect(response.body.code).toBe('FORBIDDEN_ROLE');
      }
      await t.http
        .put(`/api/doctors/${doc.id}/working-hours`)
        .set(boss.auth)
        .send(week.slice(0, 1))
        .expect(200);
      const read = await t.http.get(`/api/doctors/${doc.id}/working-hours`).set(me.auth).expect(200);
      expect(read.body).toEqual(week.slice(0, 1));
      await t.http.put(`/api/doctors/${me.id}/working-hours`).set(boss.auth).send(week).expect(404);
    });

    it.each([
      ['end before start', [{ weekday: 1, start: '13:00', end: '09:00', slotMinutes: 30 }], '0.end'],
      [
        'overlapping intervals',
        [week[1], { weekday: 1, start: '12:00', end: '14:00', slotMinutes: 30 }],
        '0',
      ],
      ['weekday 7', [{ weekday: 7, start: '09:00', end: '10:00', slotMinutes: 30 }], '0.weekday'],
      ['a bad time', [{ weekday: 1, start: '9am', end: '10:00', slotMinutes: 30 }], '0.start'],
      ['an unknown field', [{ ...week[0], room: 3 }], '0.room'],
      ['not an array', { weekday: 1 }, 'body'],
    ])('refuses %s with 400 and keeps the old hours', async (_what, body, field) => {
      const doc = await doctor(t.http, boss);
      await t.http.put(`/api/doctors/${doc.id}/working-hours`).set(doc.auth).send(week).expect(200);
      const response = await t.http
        .put(`/api/doctors/${doc.id}/working-hours`)
        .set(doc.auth)
        .send(body)
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors[0].field).toBe(field);
      const read = await t.http.get(`/api/doctors/${doc.id}/working-hours`).set(doc.auth).expect(200);
      expect(read.body).toEqual(week);
    });

    it('says 422 OUTSIDE_WORKING_HOURS for a booking outside them and books inside them', async () => {
      const doc = await doctor(t.http, boss);
      const me = await patient(t.http);
      await t.http.put(`/api/doctors/${doc.id}/working-hours`).set(doc.auth).send(week).expect(200);
      // Monday 2030-01-07, Europe/Madrid is UTC+1 in winter.
      const outside = await book(me, {
        doctorId: doc.id,
        startsAt: '2030-01-07T13:00:00+01:00',
        endsAt: '2030-01-07T13:30:00+01:00',
      }).expect(422);
      expect(outside.body.code).toBe('OUTSIDE_WORKING_HOURS');
      const spilling = await book(me, {
        doctorId: doc.id,
        startsAt: '2030-01-07T12:45:00+01:00',
        endsAt: '2030-01-07T13:15:00+01:00',
      }).expect(422);
      expect(spilling.body.code).toBe('OUTSIDE_WORKING_HOURS');
      await book(me, {
        doctorId: doc.id,
        startsAt: '2030-01-07T10:00:00+01:00',
        endsAt: '2030-01-07T10:30:00+01:00',
      }).expect(201);
    });

    it('GET availability lists the free slots of the day, minus live bookings', async () => {
      const doc = await doctor(t.http, boss);
      const me = await patient(t.http);
      await t.http.put(`/api/doctors/${doc.id}/working-hours`).set(doc.auth).send(week).expect(200);
      await book(me, {
        doctorId: doc.id,
        startsAt: '2030-01-07T09:30:00+01:00',
        endsAt: '2030-01-07T10:00:00+01:00',
      }).expect(201);

      const response = await t.http
        .get(`/api/doctors/${doc.id}/availability?date=2030-01-07`)
        .set(me.auth)
        .expect(200);
      expect(response.body.map((s: { startsAt: string }) => s.startsAt.slice(11, 16))).toEqual([
        '09:00',
        '10:00',
        '10:30',
        '11:00',
        '11:30',
        '12:00',
        '12:30',
        '16:00',
        '17:00',
      ]);
      expect(response.body[0]).toEqual({
        startsAt: '2030-01-07T09:00:00.000+01:00',
        endsAt: '2030-01-07T09:30:00.000+01:00',
      });
      const tuesday = await t.http
        .get(`/api/doctors/${doc.id}/availability?date=2030-01-08`)
        .set(me.auth)
        .expect(200);
      expect(tuesday.body).toEqual([]);
    });

    it('gives wall-clock slots on the day summer time starts', async () => {
      const doc = await doctor(t.http, boss);
      await t.http.put(`/api/doctors/${doc.id}/working-hours`).set(doc.auth).send(week).expect(200);
      // 2030-03-31 is the last Sunday of March: Madrid moves from UTC+1 to UTC+2 at 02:00.
      const before = await t.http
        .get(`/api/doctors/${doc.id}/availability?date=2030-03-24`)
        .set(doc.auth)
        .expect(200);
      const change = await t.http
        .get(`/api/doctors/${doc.id}/availability?date=2030-03-31`)
        .set(doc.auth)
        .expect(200);
      expect(before.body.map((s: { startsAt: string }) => new Date(s.startsAt).toISOString())).toEqual([
        '2030-03-24T08:00:00.000Z',
        '2030-03-24T08:30:00.000Z',
      ]);
      expect(change.body).toEqual([
        { startsAt: '2030-03-31T09:00:00.000+02:00', endsAt: '2030-03-31T09:30:00.000+02:00' },
        { startsAt: '2030-03-31T09:30:00.000+02:00', endsAt: '2030-03-31T10:00:00.000+02:00' },
      ]);
    });

    it('refuses a bad date with 400 and an unknown doctor with 404', async () => {
      const doc = await doctor(t.http, boss);
      for (const date of ['2030-02-30', 'tomorrow', '']) {
        const response = await t.http
          .get(`/api/doctors/${doc.id}/availability?date=${date}`)
          .set(doc.auth)
          .expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
      await t.http.get(`/api/doctors/${randomUUID()}/availability?date=2030-01-07`).set(doc.auth).expect(404);
    });
  });

  describe('PDFs', () => {
    it('GET /api/appointments/:id/pdf is a PDF slip naming the patient, for whoever may see the appointment', async () => {
      const { doc, me, appointment } = await booked();
      const surname = `Zubizarreta${randomUUID().slice(0, 4)}`;
      await t.http.patch('/api/users/me').set(me.auth).send({ surname }).expect(200);
      const response = await t.http
        .get(`/api/appointments/${appointment.id}/pdf`)
        .set(me.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      const pdf = response.body as Buffer;
      expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
      const text = pdfText(pdf);
      expect(text).toContain(surname);
      expect(text).toContain('Programada');
      await t.http.get(`/api/appointments/${appointment.id}/pdf`).set(doc.auth).expect(200);
      const stranger = await patient(t.http);
      await t.http.get(`/api/appointments/${appointment.id}/pdf`).set(stranger.auth).expect(404);
    });

    it('GET /api/appointments/report.pdf is the doctor’s own schedule; patients may not have it', async () => {
      const { doc, me, startsAt } = await booked();
      const surname = `Iturbe${randomUUID().slice(0, 4)}`;
      await t.http.patch('/api/users/me').set(me.auth).send({ surname }).expect(200);
      const query = `from=${encodeURIComponent(inHours(0))}&to=${encodeURIComponent(plusMinutes(startsAt, 60 * 24))}`;

      const response = await t.http
        .get(`/api/appointments/report.pdf?${query}`)
        .set(doc.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect((response.body as Buffer).subarray(0, 4).toString()).toBe('%PDF');
      expect(pdfText(response.body as Buffer)).toContain(surname);

      const otherDoctor = await doctor(t.http, boss);
      const other = await t.http
        .get(`/api/appointments/report.pdf?${query}`)
        .set(otherDoctor.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(pdfText(other.body as Buffer)).not.toContain(surname);
      const all = await t.http
        .get(`/api/appointments/report.pdf?${query}`)
        .set(boss.auth)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(pdfText(all.body as Buffer)).toContain(surname);

      const forPatient = await t.http.get(`/api/appointments/report.pdf?${query}`).set(me.auth).expect(403);
      expect(forPatient.body.code).toBe('FORBIDDEN_ROLE');
      const backwards = await t.http
        .get(
          `/api/appointments/report.pdf?from=${encodeURIComponent(inHours(10))}&to=${encodeURIComponent(inHours(1))}`,
        )
        .set(doc.auth)
        .expect(400);
      expect(backwards.body.code).toBe('VALIDATION_FAILED');
    });
  });
});

/** supertest parser that keeps a binary body as a Buffer. */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
