import { randomUUID } from 'node:crypto';
import { book } from './support/appointments.js';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';

/** PUT/GET /api/doctors/:id/working-hours, bookings outside them, and the free slots of a day in the clinic's time zone. */
describe('doctors’ working hours and availability', () => {
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
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
      const outside = await book(t.http, me, {
        doctorId: doc.id,
        startsAt: '2030-01-07T13:00:00+01:00',
        endsAt: '2030-01-07T13:30:00+01:00',
      }).expect(422);
      expect(outside.body.code).toBe('OUTSIDE_WORKING_HOURS');
      const spilling = await book(t.http, me, {
        doctorId: doc.id,
        startsAt: '2030-01-07T12:45:00+01:00',
        endsAt: '2030-01-07T13:15:00+01:00',
      }).expect(422);
      expect(spilling.body.code).toBe('OUTSIDE_WORKING_HOURS');
      await book(t.http, me, {
        doctorId: doc.id,
        startsAt: '2030-01-07T10:00:00+01:00',
        endsAt: '2030-01-07T10:30:00+01:00',
      }).expect(201);
    });

    it('GET availability lists the free slots of the day, minus live bookings', async () => {
      const doc = await doctor(t.http, boss);
      const me = await patient(t.http);
      await t.http.put(`/api/doctors/${doc.id}/working-hours`).set(doc.auth).send(week).expect(200);
      await book(t.http, me, {
        doctorId: doc.id,
        startsAt: '2030-01-07T09:30:00+01:00',
        endsAt: '2030-01-07T10:00:00+01:00',
      }).expect(201);

      const response = await t.http
        .get(`/api/doctors/${doc.id}/availability?date=2030-01-07`)
        .set(me.auth)
        .expect(200);
      // Madrid is UTC+1 in January: the 09:00 local slot is 08:00Z. Every instant of the API is UTC.
      expect(response.body.map((s: { startsAt: string }) => s.startsAt.slice(11, 16))).toEqual([
        '08:00',
        '09:00',
        '09:30',
        '10:00',
        '10:30',
        '11:00',
        '11:30',
        '15:00',
        '16:00',
      ]);
      expect(response.body[0]).toEqual({
        startsAt: '2030-01-07T08:00:00.000Z',
        endsAt: '2030-01-07T08:30:00.000Z',
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
      expect(before.body.map((s: { startsAt: string }) => s.startsAt)).toEqual([
        '2030-03-24T08:00:00.000Z',
        '2030-03-24T08:30:00.000Z',
      ]);
      expect(change.body).toEqual([
        { startsAt: '2030-03-31T07:00:00.000Z', endsAt: '2030-03-31T07:30:00.000Z' },
        { startsAt: '2030-03-31T07:30:00.000Z', endsAt: '2030-03-31T08:00:00.000Z' },
      ]);
    });

    it('gives a slot in the very form the appointment booked into it comes back in', async () => {
      const doc = await doctor(t.http, boss);
      const me = await patient(t.http);
      await t.http.put(`/api/doctors/${doc.id}/working-hours`).set(doc.auth).send(week).expect(200);
      const url = `/api/doctors/${doc.id}/availability?date=2030-01-07`;
      const [first] = (await t.http.get(url).set(me.auth).expect(200)).body as {
        startsAt: string;
        endsAt: string;
      }[];

      const booked = await book(t.http, me, { doctorId: doc.id, ...first }).expect(201);
      // A client may compare the strings: the slot it booked is the appointment it got, and it is gone from the list.
      expect({ startsAt: booked.body.startsAt, endsAt: booked.body.endsAt }).toEqual(first);
      const after = (await t.http.get(url).set(me.auth).expect(200)).body as { startsAt: string }[];
      expect(after.map((s) => s.startsAt)).not.toContain(booked.body.startsAt);
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
});
