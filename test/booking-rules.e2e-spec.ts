import { DataSource } from 'typeorm';
import type { AuditEventType } from '../src/audit/audit-event.entity.js';
import { slotAt } from './support/clock.js';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';

/**
 * Booking rules that must not be sidestepped: the limit of upcoming appointments per patient (also under parallel
 * bookings), moving as a cancel plus a booking (the patient's notice window; back to scheduled), and staff
 * cancelling through PATCH exactly like through POST .../cancel. On both engines.
 */
const CANCELLED: AuditEventType = 'appointment_cancelled';

describe('booking rules', () => {
  let t: TestApp;
  let boss: LoggedIn;
  let doc: LoggedIn;

  beforeAll(async () => {
    // The defaults: MAX_UPCOMING_APPOINTMENTS_PER_PATIENT 5, CANCEL_MIN_NOTICE_HOURS 24.
    t = await startApp();
    boss = await admin(t.http);
    doc = await doctor(t.http, boss);
  });

  afterAll(async () => {
    await t.close();
  });

  const book = (who: LoggedIn, hours: number, extra: Record<string, unknown> = {}) =>
    t.http
      .post('/api/appointments')
      .set(who.auth)
      .send({ doctorId: doc.id, ...slotAt(hours), ...extra });
  const patch = (who: LoggedIn, id: string, body: Record<string, unknown>) =>
    t.http.patch(`/api/appointments/${id}`).set(who.auth).send(body);

  describe('MAX_UPCOMING_APPOINTMENTS_PER_PATIENT', () => {
    it('stops a patient at 5 upcoming appointments (422 UPCOMING_LIMIT_REACHED); cancelled and completed ones do not count', async () => {
      const me = await patient(t.http);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await book(me, 100 + i).expect(201)).body.id as string);
      }
      const sixth = await book(me, 110).expect(422);
      expect(sixth.body.code).toBe('UPCOMING_LIMIT_REACHED');
      const byAdmin = await book(boss, 110, { patientId: me.id }).expect(422);
      expect(byAdmin.body.code).toBe('UPCOMING_LIMIT_REACHED');
      // Moving one of the five keeps five.
      await patch(me, ids[0], slotAt(120)).expect(200);

      await t.http.post(`/api/appointments/${ids[0]}/cancel`).set(me.auth).send({}).expect(200);
      await book(me, 110).expect(201);
      await patch(doc, ids[1], { status: 'confirmed' }).expect(200);
      await patch(doc, ids[1], { status: 'completed' }).expect(200);
      await book(me, 111).expect(201);
      expect((await book(me, 112).expect(422)).body.code).toBe('UPCOMING_LIMIT_REACHED');
    });

    it('of two parallel bookings at the limit, one is 201 and the other 422', async () => {
      const patients = await Promise.all(Array.from({ length: 3 }, () => patient(t.http)));
      for (const [n, me] of patients.entries()) {
        for (let i = 0; i < 4; i++) {
          await book(me, 200 + 10 * n + i).expect(201);
        }
      }
      const otherDoctor = await doctor(t.http, boss);

      const pairs = await Promise.all(
        patients.map((me, n) =>
          Promise.all([
            book(me, 205 + 10 * n),
            t.http
              .post('/api/appointments')
              .set(me.auth)
              .send({ doctorId: otherDoctor.id, ...slotAt(206 + 10 * n) }),
          ]),
        ),
      );

      for (const pair of pairs) {
        expect(pair.map((response) => response.status).sort()).toEqual([201, 422]);
        expect(pair.find((response) => response.status === 422)?.body.code).toBe('UPCOMING_LIMIT_REACHED');
      }
      const counts = await t.app.get(DataSource).query<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM appointments
         WHERE patient_id = ANY($1) AND status IN ('scheduled', 'confirmed') AND starts_at > now()
         GROUP BY patient_id`,
        [patients.map((me) => me.id)],
      );
      expect(counts.map((row) => row.count)).toEqual([5, 5, 5]);
    });
  });

  describe('moving an appointment', () => {
    it('is a cancel plus a booking for a patient: within CANCEL_MIN_NOTICE_HOURS it is 422 CANCEL_TOO_LATE; staff may', async () => {
      const me = await patient(t.http);
      const soon = (await book(me, 2).expect(201)).body;
      const late = await patch(me, soon.id, slotAt(2000)).expect(422);
      expect(late.body.code).toBe('CANCEL_TOO_LATE');
      const unchanged = await t.http.get(`/api/appointments/${soon.id}`).set(me.auth).expect(200);
      expect(unchanged.body).toMatchObject({ startsAt: soon.startsAt, status: 'scheduled' });

      await patch(doc, soon.id, slotAt(3)).expect(200);
      await patch(boss, soon.id, slotAt(4)).expect(200);
    });

    it('sends a confirmed appointment back to scheduled', async () => {
      const me = await patient(t.http);
      const { id } = (await book(me, 300).expect(201)).body;
      await patch(doc, id, { status: 'confirmed' }).expect(200);
      // Each slot taken once: two calls a minute boundary apart would name different instants.
      const later = slotAt(301);
      const moved = await patch(me, id, later).expect(200);
      expect(moved.body).toMatchObject({ ...later, status: 'scheduled' });
      // Staff may move and confirm again in one request.
      const again = slotAt(302);
      const reconfirmed = await patch(doc, id, { ...again, status: 'confirmed' }).expect(200);
      expect(reconfirmed.body).toMatchObject({ ...again, status: 'confirmed' });
    });
  });

  describe('PATCH with status cancelled', () => {
    type Event = { type: string; actorId: string; details: object };
    async function auditOf(id: string): Promise<Event[]> {
      const response = await t.http
        .get(`/api/audit-events?userId=${id}&limit=100`)
        .set(boss.auth)
        .expect(200);
      return response.body.data as Event[];
    }

    it('cancels like POST .../cancel: no cancel reason, the same audit event, the slot free again', async () => {
      const me = await patient(t.http);
      const byPost = (await book(me, 400).expect(201)).body;
      await t.http.post(`/api/appointments/${byPost.id}/cancel`).set(doc.auth).send({}).expect(200);
      // Within the patient's notice window: staff may cancel.
      const byPatch = (await book(me, 6).expect(201)).body;

      const cancelled = await patch(doc, byPatch.id, {
        status: 'cancelled',
        notes: 'No vino el aviso',
      }).expect(200);

      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelReason: null,
        notes: 'No vino el aviso',
      });
      const viaPost = (await auditOf(byPost.id)).filter((event) => event.type === CANCELLED);
      const viaPatch = (await auditOf(byPatch.id)).filter((event) => event.type === CANCELLED);
      expect(viaPost).toHaveLength(1);
      expect(viaPatch).toEqual([
        expect.objectContaining({ actorId: doc.id, details: { patientId: me.id, doctorId: doc.id } }),
      ]);
      const other = await patient(t.http);
      await book(other, 6).expect(201);
    });

    it('refuses what cancel refuses, and cancelling while moving', async () => {
      const me = await patient(t.http);
      const { id } = (await book(me, 500).expect(201)).body;
      const both = await patch(boss, id, { status: 'cancelled', ...slotAt(501) }).expect(409);
      expect(both.body.code).toBe('INVALID_TRANSITION');
      await patch(boss, id, { status: 'cancelled' }).expect(200);
      const again = await patch(boss, id, { status: 'cancelled' }).expect(409);
      expect(again.body.code).toBe('INVALID_TRANSITION');
      expect((await auditOf(id)).filter((event) => event.type === CANCELLED)).toHaveLength(1);
    });
  });
});
