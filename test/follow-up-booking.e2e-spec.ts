import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { book, booked } from './support/appointments.js';
import { auditEvents } from './support/audit.js';
import { slotAt } from './support/clock.js';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';

/**
 * A doctor books a follow-up (POST /api/appointments with `patientId`) for a patient they have an appointment
 * with, with themselves only; the patient's overlap and upcoming limit hold exactly as for the patient's own
 * bookings, also in parallel. On both engines.
 */
describe('follow-up bookings by doctors', () => {
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    // The defaults: MAX_UPCOMING_APPOINTMENTS_PER_PATIENT 5.
    t = await startApp();
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  /** A doctor's follow-up for `patientId`, `hours` from now, with `doctorId` (default: the doctor's own). */
  const followUp = (doc: LoggedIn, patientId: string, hours: number, doctorId = doc.id) =>
    book(t.http, doc, { doctorId, patientId, ...slotAt(hours), reason: 'Revisión' });

  async function upcomingOf(patientId: string): Promise<number> {
    const [{ count }] = await t.app.get(DataSource).query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM appointments
       WHERE patient_id = $1 AND status IN ('scheduled', 'confirmed') AND starts_at > now()`,
      [patientId],
    );
    return count;
  }

  it('books the patient with the doctor: 201, seen by the patient, audited with the doctor as actor', async () => {
    const { doc, me } = await booked(t.http, boss);
    const made = await followUp(doc, me.id, 200).expect(201);
    expect(made.body).toMatchObject({
      patient: { id: me.id },
      doctor: { id: doc.id },
      status: 'scheduled',
      reason: 'Revisión',
      notes: null,
    });
    await t.http.get(`/api/appointments/${made.body.id}`).set(me.auth).expect(200);
    const events = await auditEvents(t.http, boss, `userId=${made.body.id}&type=appointment_created`);
    expect(events).toEqual([
      expect.objectContaining({
        actorId: doc.id,
        subjectId: made.body.id,
        details: {
          patientId: me.id,
          doctorId: doc.id,
          startsAt: made.body.startsAt,
          endsAt: made.body.endsAt,
        },
      }),
    ]);
  });

  it('counts an appointment together in any status: cancelled, completed', async () => {
    const { doc, me, appointment } = await booked(t.http, boss);
    await t.http.post(`/api/appointments/${appointment.id}/cancel`).set(doc.auth).send({}).expect(200);
    const afterCancel = await followUp(doc, me.id, 210).expect(201);
    expect(afterCancel.body.patient.id).toBe(me.id);

    const other = await doctor(t.http, boss);
    const { body: seen } = await book(t.http, boss, { doctorId: other.id, patientId: me.id, ...slotAt(1) });
    await t.http
      .patch(`/api/appointments/${seen.id}`)
      .set(other.auth)
      .send({ status: 'confirmed' })
      .expect(200);
    await t.http
      .patch(`/api/appointments/${seen.id}`)
      .set(other.auth)
      .send({ status: 'completed' })
      .expect(200);
    const afterCompleted = await followUp(other, me.id, 220).expect(201);
    expect(afterCompleted.body.doctor.id).toBe(other.id);
  });

  it('needs patientId (400) and the doctor’s own doctorId (403, even for their own patient)', async () => {
    const { doc, me } = await booked(t.http, boss);
    const colleague = await doctor(t.http, boss);
    const missing = await book(t.http, doc, { doctorId: doc.id, ...slotAt(230) }).expect(400);
    expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'patientId' }] });
    const forColleague = await followUp(doc, me.id, 230, colleague.id).expect(403);
    expect(forColleague.body.code).toBe('FORBIDDEN_ROLE');
    const stranger = await patient(t.http);
    await followUp(doc, stranger.id, 230, colleague.id).expect(403);
    await expect(upcomingOf(me.id)).resolves.toBe(1);
  });

  it('a patient the doctor never had is 404, the same answer as an unknown or non-patient id', async () => {
    const { doc, me } = await booked(t.http, boss);
    const stranger = await patient(t.http);
    // Another doctor's patient.
    const refused = await followUp(doc, stranger.id, 240).expect(404);
    expect(refused.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'No encontrado' });
    const colleague = await doctor(t.http, boss);
    await book(t.http, stranger, { doctorId: colleague.id, ...slotAt(241) }).expect(201);
    for (const patientId of [stranger.id, randomUUID(), colleague.id, boss.id, doc.id]) {
      const response = await followUp(doc, patientId, 242).expect(404);
      expect(response.body).toEqual(refused.body);
    }
    // Having seen the patient is the doctor's own: the colleague has not seen `me`.
    await followUp(colleague, me.id, 243).expect(404);
    await followUp(doc, 'not-a-uuid', 244).expect(400);
  });

  it('a disabled or deleted patient is 404 to their doctor too; an admin is no patient of their own', async () => {
    const { doc, me } = await booked(t.http, boss);
    await t.http.patch(`/api/users/${me.id}`).set(boss.auth).send({ isActive: false }).expect(200);
    await followUp(doc, me.id, 250).expect(404);
    await t.http.delete(`/api/users/${me.id}`).set(boss.auth).expect(204);
    await followUp(doc, me.id, 251).expect(404);
    const own = await book(t.http, boss, { doctorId: doc.id, patientId: boss.id, ...slotAt(252) });
    expect(own.status).toBe(404);
  });

  it('meets the booking rules as any booking: the past, working hours, overlaps of the patient or the doctor', async () => {
    const { doc, me, startsAt } = await booked(t.http, boss, 30, 48);
    const past = await followUp(doc, me.id, -1).expect(422);
    expect(past.body.code).toBe('IN_THE_PAST');
    // The patient's own appointment with this doctor, at the same time.
    const sameTime = await book(t.http, doc, {
      doctorId: doc.id,
      patientId: me.id,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 30 * 60_000).toISOString(),
    }).expect(409);
    expect(sameTime.body.code).toBe('APPOINTMENT_CONFLICT');
    // The patient is busy elsewhere then.
    const elsewhere = await doctor(t.http, boss);
    const busy = slotAt(260);
    await book(t.http, me, { doctorId: elsewhere.id, ...busy }).expect(201);
    const clash = await book(t.http, doc, { doctorId: doc.id, patientId: me.id, ...busy }).expect(409);
    expect(clash.body.code).toBe('APPOINTMENT_CONFLICT');

    await t.http
      .put(`/api/doctors/${doc.id}/working-hours`)
      .set(doc.auth)
      // Five minutes a day: no 30-minute appointment fits.
      .send(
        Array.from({ length: 7 }, (_, weekday) => ({
          weekday,
          start: '00:00',
          end: '00:05',
          slotMinutes: 5,
        })),
      )
      .expect(200);
    const outside = await followUp(doc, me.id, 270).expect(422);
    expect(outside.body.code).toBe('OUTSIDE_WORKING_HOURS');
  });

  it('stops at the patient’s upcoming limit, whoever booked the others', async () => {
    const { doc, me } = await booked(t.http, boss);
    await book(t.http, boss, { doctorId: doc.id, patientId: me.id, ...slotAt(301) }).expect(201);
    await book(t.http, me, { doctorId: doc.id, ...slotAt(302) }).expect(201);
    await followUp(doc, me.id, 303).expect(201);
    await followUp(doc, me.id, 304).expect(201);
    const sixth = await followUp(doc, me.id, 305).expect(422);
    expect(sixth.body.code).toBe('UPCOMING_LIMIT_REACHED');
    await book(t.http, me, { doctorId: doc.id, ...slotAt(306) }).expect(422);
    await expect(upcomingOf(me.id)).resolves.toBe(5);
  });

  it('is in the Swagger document: 403 and 404 among the booking’s errors, patientId for doctors', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const responses = doc.paths['/api/appointments'].post.responses;
    expect(Object.keys(responses['403'].content['application/json'].examples)).toContain('FORBIDDEN_ROLE');
    expect(Object.keys(responses['404'].content['application/json'].examples)).toContain('NOT_FOUND');
    const { patientId } = doc.components.schemas.CreateAppointmentDto.properties;
    expect(patientId).toMatchObject({ format: 'uuid', example: expect.any(String) });
    expect(patientId.description).toMatch(/doctors/);
  });

  describe('in parallel', () => {
    it('follow-ups and the patient’s own bookings racing for the last places: exactly the limit is booked', async () => {
      const { doc, me } = await booked(t.http, boss);
      const other = await doctor(t.http, boss);
      // One upcoming already: four places left, ten requests at distinct times.
      const requests = [
        ...Array.from({ length: 7 }, (_, i) => followUp(doc, me.id, 400 + i)),
        ...Array.from({ length: 3 }, (_, i) => book(t.http, me, { doctorId: other.id, ...slotAt(420 + i) })),
      ];

      const responses = await Promise.all(requests);

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, 201, 201, 201, 422, 422, 422, 422, 422, 422]);
      for (const response of responses.filter((r) => r.status === 422)) {
        expect(response.body.code).toBe('UPCOMING_LIMIT_REACHED');
      }
      await expect(upcomingOf(me.id)).resolves.toBe(5);
    });

    it('a follow-up and the patient’s own booking at the same time: one is 201, the other 409', async () => {
      const { doc, me } = await booked(t.http, boss);
      const other = await doctor(t.http, boss);
      const slot = slotAt(500);
      const responses = await Promise.all([
        book(t.http, doc, { doctorId: doc.id, patientId: me.id, ...slot }),
        book(t.http, me, { doctorId: other.id, ...slot }),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
      expect(responses.find((response) => response.status === 409)?.body.code).toBe('APPOINTMENT_CONFLICT');
    });
  });
});
