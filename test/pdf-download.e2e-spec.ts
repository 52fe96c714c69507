import { admin, doctor, type LoggedIn, patient, startApp, type TestApp } from './support/helpers.js';

/**
 * The PDFs download as files with a readable name (Swagger UI then offers "Download file" instead of printing
 * `%PDF-1.3` as text); `?disposition=inline` asks a browser to show them instead.
 */
describe('PDF downloads', () => {
  let t: TestApp;
  let boss: LoggedIn;
  let appointmentId: string;

  beforeAll(async () => {
    t = await startApp({ CLINIC_TIMEZONE: 'Europe/Madrid' });
    boss = await admin(t.http);
    const doc = await doctor(t.http, boss);
    const me = await patient(t.http);
    const booked = await t.http
      .post('/api/appointments')
      .set(me.auth)
      .send({ doctorId: doc.id, startsAt: '2030-03-04T10:30:00+01:00', endsAt: '2030-03-04T11:00:00+01:00' })
      .expect(201);
    appointmentId = booked.body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves the slip as an attachment named by its date and time in the clinic', async () => {
    const response = await t.http.get(`/api/appointments/${appointmentId}/pdf`).set(boss.auth).expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="cita-2030-03-04-1030.pdf"');
  });

  it('serves the agenda as an attachment named by its days', async () => {
    const response = await t.http
      .get('/api/appointments/report.pdf')
      .query({ from: '2030-03-04T00:00:00+01:00', to: '2030-03-11T00:00:00+01:00' })
      .set(boss.auth)
      .expect(200);
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="agenda-2030-03-04-a-2030-03-10.pdf"',
    );
  });

  it('serves either inline with ?disposition=inline, and refuses another disposition', async () => {
    const slip = await t.http
      .get(`/api/appointments/${appointmentId}/pdf?disposition=inline`)
      .set(boss.auth)
      .expect(200);
    expect(slip.headers['content-disposition']).toBe('inline; filename="cita-2030-03-04-1030.pdf"');
    const report = await t.http
      .get('/api/appointments/report.pdf')
      .query({ from: '2030-03-04T00:00:00+01:00', to: '2030-03-05T00:00:00+01:00', disposition: 'inline' })
      .set(boss.auth)
      .expect(200);
    expect(report.headers['content-disposition']).toBe('inline; filename="agenda-2030-03-04.pdf"');
    const wrong = await t.http
      .get(`/api/appointments/${appointmentId}/pdf?disposition=download`)
      .set(boss.auth)
      .expect(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'disposition' })]);
  });
});
