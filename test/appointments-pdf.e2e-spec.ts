import { randomUUID } from 'node:crypto';
import type { Response } from 'superagent';
import { booked } from './support/appointments.js';
import { inHours, plusMinutes } from './support/clock.js';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { pdfText } from './support/pdf-text.js';

/** The appointment slip and the schedule report as PDFs: what they show, and to whom. */
describe('appointments: PDFs', () => {
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  describe('PDFs', () => {
    it('GET /api/appointments/:id/pdf is a PDF slip naming the patient, for whoever may see the appointment', async () => {
      const { doc, me, appointment } = await booked(t.http, boss);
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
      const { doc, me, startsAt } = await booked(t.http, boss);
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
