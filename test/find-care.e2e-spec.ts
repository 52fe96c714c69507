import { book } from './support/appointments.js';
import { clinicDay, clinicTime, later } from './support/clinic-days.js';
import { admin, doctor, type LoggedIn, patient, startApp, type TestApp } from './support/helpers.js';

/** One morning slot a day, 09:00–10:00 in two 30-minute slots, every day of the week. */
const TWO_SLOTS_A_DAY = Array.from({ length: 7 }, (_, weekday) => ({
  weekday,
  start: '09:00',
  end: '10:00',
  slotMinutes: 30,
}));

/**
 * GET /api/availability (issue 14): the earliest free slots across every active doctor of a specialty, matched as the
 * doctors list matches it, minus appointments, closures and absences, in time order, each with its doctor.
 */
describe('finding the first free doctor of a specialty', () => {
  let t: TestApp;
  let boss: LoggedIn;
  let me: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
    me = await patient(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  const find = (query: string) => t.http.get(`/api/availability?${query}`).set(me.auth);

  it('answers the earliest slots of every doctor of the specialty, in order, without what is taken or away', async () => {
    // A specialty of this test alone, spelled three ways: the search folds case and accents.
    const specialty = `Otorrinolaringología ${Date.now()}`;
    const [a, b] = await Promise.all([
      doctor(t.http, boss, specialty),
      doctor(t.http, boss, specialty.toUpperCase()),
    ]);
    const other = await doctor(t.http, boss, 'Dermatología');
    for (const who of [a, b, other]) {
      await t.http
        .put(`/api/doctors/${who.id}/working-hours`)
        .set(boss.auth)
        .send(TWO_SLOTS_A_DAY)
        .expect(200);
    }
    const day = clinicDay(3);
    const from = clinicTime(day, '00:00');
    const to = clinicTime(clinicDay(5), '00:00');
    // a is taken at 09:00 on the first day, b away all morning of the second.
    await book(t.http, me, {
      doctorId: a.id,
      startsAt: clinicTime(day, '09:00'),
      endsAt: later(clinicTime(day, '09:00'), 30),
    }).expect(201);
    await t.http
      .post(`/api/doctors/${b.id}/absences`)
      .set(boss.auth)
      .send({ startsAt: clinicTime(clinicDay(4), '08:00'), endsAt: clinicTime(clinicDay(4), '12:00') })
      .expect(201);

    const plain = specialty
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    const answer = await find(
      `specialty=${encodeURIComponent(plain)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=50`,
    ).expect(200);
    const slots = (answer.body as { startsAt: string; doctor: { id: string } }[]).map((slot) => [
      slot.startsAt,
      slot.doctor.id,
    ]);
    expect(slots).toEqual(
      [
        [clinicTime(day, '09:00'), b.id],
        [clinicTime(day, '09:30'), a.id],
        [clinicTime(day, '09:30'), b.id],
        [clinicTime(clinicDay(4), '09:00'), a.id],
        [clinicTime(clinicDay(4), '09:30'), a.id],
      ].sort((x, y) => x[0].localeCompare(y[0]) || x[1].localeCompare(y[1])),
    );
    expect(answer.body.find((slot: { doctor: { id: string } }) => slot.doctor.id === b.id).doctor).toEqual({
      id: b.id,
      name: 'Luis',
      surname: 'Médico',
      specialty: specialty.toUpperCase(),
    });

    const firstTwo = await find(
      `specialty=${encodeURIComponent(specialty)}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=2`,
    ).expect(200);
    expect(firstTwo.body.map((slot: { startsAt: string }) => slot.startsAt)).toEqual([
      clinicTime(day, '09:00'),
      clinicTime(day, '09:30'),
    ]);
    await expect(find(`specialty=Nadie${Date.now()}`)).resolves.toMatchObject({ status: 200, body: [] });
  });

  it('refuses a missing specialty, a bad window or limit (400)', async () => {
    for (const query of [
      '',
      'specialty=',
      `specialty=x&from=${encodeURIComponent(clinicTime(clinicDay(5), '00:00'))}&to=${encodeURIComponent(clinicTime(clinicDay(4), '00:00'))}`,
      `specialty=x&from=${encodeURIComponent(clinicTime(clinicDay(1), '00:00'))}&to=${encodeURIComponent(clinicTime(clinicDay(90), '00:00'))}`,
      'specialty=x&limit=0',
      'specialty=x&limit=51',
      'specialty=x&from=mañana',
      `specialty=${'x'.repeat(101)}`,
    ]) {
      await expect(find(query)).resolves.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
  });
});
