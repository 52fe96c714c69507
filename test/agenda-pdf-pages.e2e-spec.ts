import { DateTime } from 'luxon';
import { admin, doctor, type LoggedIn, patient, startApp, type TestApp } from './support/helpers.js';
import { pdfPages } from './support/pdf-pages.js';

const DAYS = 10;
const SLOTS_PER_DAY = 20;
const FIRST_DAY = DateTime.fromISO('2030-03-04T08:00:00', { zone: 'Europe/Madrid' });

/**
 * A doctor's agenda over many pages (200 appointments): every row whole on one page, and every page with the
 * column header, the heading of the day it continues and "página N de M". (The doctor's own agenda, so that what
 * other suites book on a shared database stays out of it.)
 */
describe('the agenda PDF past one page', () => {
  let t: TestApp;
  let doc: LoggedIn;
  const patients: string[] = [];
  const doctorName = 'Luis Alonso';

  beforeAll(async () => {
    t = await startApp({ MAX_UPCOMING_APPOINTMENTS_PER_PATIENT: '1000', CLINIC_TIMEZONE: 'Europe/Madrid' });
    const boss = await admin(t.http);
    doc = await doctor(t.http, boss);
    await t.http.patch(`/api/users/${doc.id}`).set(boss.auth).send({ surname: 'Alonso' }).expect(200);
    const people: LoggedIn[] = [];
    for (const surname of ['Benítez', 'Carrasco']) {
      const someone = await patient(t.http);
      await t.http.patch('/api/users/me').set(someone.auth).send({ surname }).expect(200);
      patients.push(`Ana ${surname}`);
      people.push(someone);
    }
    // Every 30 minutes from 08:00 to 18:00, ten days running, the two patients in turn.
    for (let day = 0; day < DAYS; day++) {
      for (let slot = 0; slot < SLOTS_PER_DAY; slot++) {
        const startsAt = FIRST_DAY.plus({ days: day, minutes: 30 * slot });
        await t.http
          .post('/api/appointments')
          .set(people[slot % 2].auth)
          .send({
            doctorId: doc.id,
            startsAt: startsAt.toISO(),
            endsAt: startsAt.plus({ minutes: 30 }).toISO(),
          })
          .expect(201);
      }
    }
  });

  afterAll(async () => {
    await t.close();
  });

  it('renders 200 appointments with whole rows, repeated headings and "página N de M"', async () => {
    const from = FIRST_DAY.startOf('day');
    const response = await t.http
      .get('/api/appointments/report.pdf')
      .query({ from: from.toISO(), to: from.plus({ days: DAYS }).toISO() })
      .set(doc.auth)
      .expect(200);
    const pages = pdfPages(response.body as Buffer);
    expect(pages.length).toBeGreaterThan(2);

    const dayHeading = (day: number): string =>
      from.plus({ days: day }).setLocale('es').toFormat("cccc, d 'de' LLLL 'de' yyyy");
    const isTime = (line: string): boolean => /^\d\d:\d\d.\d\d:\d\d$/.test(line);
    let row = 0;
    pages.forEach((lines, page) => {
      expect({ page, footer: lines.includes(`página ${page + 1} de ${pages.length}`) }).toEqual({
        page,
        footer: true,
      });
      const header = lines.indexOf('Hora');
      expect({ page, header: lines.slice(header, header + 4) }).toEqual({
        page,
        header: ['Hora', 'Paciente', 'Médico', 'Estado'],
      });
      const first = lines.findIndex(isTime);
      const heading = lines
        .slice(0, first)
        .filter((line) => /^[^,]+, \d{1,2} de \S+ de \d{4}/.test(line))
        .pop();
      expect({ page, heading: heading?.startsWith(dayHeading(Math.floor(row / SLOTS_PER_DAY))) }).toEqual({
        page,
        heading: true,
      });
      // Every row complete on this page: a time, then its patient, its doctor and its status, nothing missing.
      const times = lines.flatMap((line, i) => (isTime(line) ? [i] : []));
      for (const i of times) {
        const [, patientCell, doctorCell, status] = lines.slice(i, i + 4);
        const whole = patients.includes(patientCell) && doctorCell === doctorName && status === 'Programada';
        expect({ page, row: lines.slice(i, i + 4), whole }).toEqual({
          page,
          row: lines.slice(i, i + 4),
          whole: true,
        });
      }
      expect({ page, patients: lines.filter((line) => patients.includes(line)).length }).toEqual({
        page,
        patients: times.length,
      });
      row += times.length;
    });
    expect(row).toBe(DAYS * SLOTS_PER_DAY);
  });
});
