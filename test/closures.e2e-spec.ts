import { book } from './support/appointments.js';
import { auditEvents } from './support/audit.js';
import { clinicDay, clinicTime, EVERY_MORNING, later } from './support/clinic-days.js';
import { admin, doctor, type LoggedIn, patient, startApp, type TestApp } from './support/helpers.js';
import { dropWaitingMail, TestSmtp } from './support/smtp.js';

/**
 * Days far from the ones other suites book on (within weeks): a closure shuts the whole clinic, and on a shared
 * database the `affected` list of a day other suites used would hold their appointments too.
 */
const FAR = 150;

/** Only the appointments of these doctors (this test's), of an `affected` list. */
const ofDoctors = (affected: { doctorId: string }[], ...doctorIds: string[]) =>
  affected.filter((appointment) => doctorIds.includes(appointment.doctorId));

/**
 * Days the clinic is closed (issue 14): no slot offered, no booking taken (422 DOCTOR_UNAVAILABLE, decided under the
 * closures' lock, so a closure made while bookings pour in misses none of them), the appointments it covers listed,
 * their patients mailed, and cancelled on request in the same transaction.
 */
describe('clinic closures', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    t = await startApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '200' });
    await dropWaitingMail(t);
    boss = await admin(t.http);
  });

  /** Every closure a test made: they shut the whole clinic, so the suites after this one must not find them. */
  const made: string[] = [];

  afterAll(async () => {
    for (const id of made) {
      await t.http.delete(`/api/closures/${id}`).set(boss.auth);
    }
    await t?.close();
    await smtp?.stop();
  });

  const close = async (body: Record<string, unknown>, query = '') => {
    const response = await t.http.post(`/api/closures${query}`).set(boss.auth).send(body);
    if (response.status === 201) {
      made.push(response.body.id as string);
    }
    return response;
  };
  const slots = (doctorId: string, date: string, who: LoggedIn) =>
    t.http.get(`/api/doctors/${doctorId}/availability?date=${date}`).set(who.auth).expect(200);
  const slotAt = (day: string, time: string) => ({
    startsAt: clinicTime(day, time),
    endsAt: later(clinicTime(day, time), 30),
  });

  it('offers no slot and takes no booking on a closed day; removing the closure opens it again', async () => {
    const doc = await doctor(t.http, boss);
    await t.http.put(`/api/doctors/${doc.id}/working-hours`).set(boss.auth).send(EVERY_MORNING).expect(200);
    const me = await patient(t.http);
    const day = clinicDay(FAR + 10);
    expect((await slots(doc.id, day, me)).body).toHaveLength(6);

    const closure = await close({ firstDay: day, label: 'Navidad' });
    expect(closure.status).toBe(201);
    expect(closure.body).toMatchObject({
      firstDay: day,
      lastDay: day,
      label: 'Navidad',
      startsAt: clinicTime(day, '00:00'),
    });
    expect(ofDoctors(closure.body.affected, doc.id)).toEqual([]);
    expect((await slots(doc.id, day, me)).body).toEqual([]);
    await expect(book(t.http, me, { doctorId: doc.id, ...slotAt(day, '09:00') })).resolves.toMatchObject({
      status: 422,
      body: { code: 'DOCTOR_UNAVAILABLE' },
    });
    await book(t.http, me, { doctorId: doc.id, ...slotAt(clinicDay(FAR + 11), '09:00') }).expect(201);
    const listed = await t.http.get(`/api/closures?from=${day}`).set(me.auth).expect(200);
    expect(listed.body.map((c: { id: string }) => c.id)).toContain(closure.body.id);

    await t.http.delete(`/api/closures/${closure.body.id}`).set(boss.auth).expect(204);
    expect((await slots(doc.id, day, me)).body).toHaveLength(6);
    await book(t.http, me, { doctorId: doc.id, ...slotAt(day, '09:00') }).expect(201);
  });

  it('lists the appointments it covers and mails their patients; ?cancelAffected=true cancels them', async () => {
    const doc = await doctor(t.http, boss);
    const [first, second, outside] = [clinicDay(FAR + 20), clinicDay(FAR + 21), clinicDay(FAR + 23)];
    const people = await Promise.all([patient(t.http), patient(t.http), patient(t.http)]);
    const booked = await Promise.all(
      [first, second, outside].map((day, i) =>
        book(t.http, people[i], { doctorId: doc.id, ...slotAt(day, '10:00') }),
      ),
    );
    const ids = booked.map((response) => response.body.id as string);

    const kept = await close({ firstDay: first, lastDay: second, label: 'Obras' });
    expect(kept.status).toBe(201);
    expect(ofDoctors(kept.body.affected, doc.id)).toEqual([
      expect.objectContaining({ id: ids[0], patientId: people[0].id, status: 'scheduled' }),
      expect.objectContaining({ id: ids[1], patientId: people[1].id, status: 'scheduled' }),
    ]);
    const notice = await smtp.waitFor(people[0].email, 1, /necesita otra fecha/);
    expect(notice.text).toContain('el cierre de la clínica (Obras)');
    await t.http.delete(`/api/closures/${kept.body.id}`).set(boss.auth).expect(204);

    const cancelling = await close(
      { firstDay: first, lastDay: second, label: 'Obras' },
      '?cancelAffected=true',
    );
    expect(cancelling.status).toBe(201);
    expect(
      ofDoctors(cancelling.body.affected, doc.id).map((a) => (a as unknown as { status: string }).status),
    ).toEqual(['cancelled', 'cancelled']);
    const gone = await t.http.get(`/api/appointments/${ids[0]}`).set(people[0].auth).expect(200);
    expect(gone.body).toMatchObject({ status: 'cancelled', cancelReason: 'Clínica cerrada: Obras' });
    await expect(smtp.waitFor(people[1].email, 1, /cita cancelada/)).resolves.toBeDefined();
    const still = await t.http.get(`/api/appointments/${ids[2]}`).set(people[2].auth).expect(200);
    expect(still.body.status).toBe('scheduled');
    const audited = await auditEvents(t.http, boss, 'type=appointment_cancelled');
    expect(audited.map((event) => event.subjectId)).toEqual(expect.arrayContaining([ids[0], ids[1]]));
  });

  it('made while bookings of that day pour in: every booking that got 201 is in its affected list, the rest 422', async () => {
    // Sixteen doctors, so the bookings run side by side (one doctor's bookings take turns); five days, five races.
    const doctors = await Promise.all(Array.from({ length: 16 }, () => doctor(t.http, boss)));
    const people = await Promise.all(Array.from({ length: 16 }, () => patient(t.http)));
    for (let round = 0; round < 5; round++) {
      const day = clinicDay(FAR + 30 + round);
      const bookings = people.map((who, i) =>
        Promise.resolve(
          book(t.http, who, {
            doctorId: doctors[i].id,
            ...slotAt(day, `${String(8 + (i % 8)).padStart(2, '0')}:00`),
          }),
        ),
      );
      // The closure goes in once the first booking is through, while the others are on their way.
      await Promise.race(bookings);
      const closed = await close({ firstDay: day, label: 'Huelga' });
      const answers = await Promise.all(bookings);
      expect(closed.status).toBe(201);
      expect(answers.every((answer) => answer.status === 201 || answer.status === 422)).toBe(true);
      const won = answers.filter((answer) => answer.status === 201).map((answer) => answer.body.id as string);
      const affected = ofDoctors(closed.body.affected, ...doctors.map((d) => d.id)).map(
        (a) => (a as unknown as { id: string }).id,
      );
      expect(affected.sort()).toEqual(won.sort());
    }
  });

  it('only admins make or remove closures; anything malformed is 400, an unknown one 404', async () => {
    const doc = await doctor(t.http, boss);
    const me = await patient(t.http);
    for (const who of [doc, me]) {
      await t.http
        .post('/api/closures')
        .set(who.auth)
        .send({ firstDay: clinicDay(FAR + 40), label: 'X' })
        .expect(403);
    }
    for (const body of [
      { firstDay: clinicDay(FAR + 41), lastDay: clinicDay(FAR + 40), label: 'Al revés' },
      { firstDay: '2027-02-30', label: 'No existe' },
      { firstDay: clinicDay(FAR + 40), label: '  ' },
      { firstDay: clinicDay(FAR + 40), lastDay: clinicDay(FAR + 440), label: 'Demasiado' },
      { firstDay: 20271224, label: 'Número' },
      { firstDay: '0000-01-01', label: 'Año cero' },
    ]) {
      await expect(close(body)).resolves.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
    await expect(
      close({ firstDay: clinicDay(FAR + 40), label: 'X' }, '?cancelAffected=maybe'),
    ).resolves.toMatchObject({
      status: 400,
    });
    await t.http.get('/api/closures?from=0000-01-01').set(boss.auth).expect(400);
    await t.http.delete('/api/closures/00000000-0000-4000-8000-000000000000').set(boss.auth).expect(404);
  });
});
