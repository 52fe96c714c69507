import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import { book } from './support/appointments.js';
import { clinicTime, later } from './support/clinic-days.js';
import { inHours, plusMinutes } from './support/clock.js';
import { admin, doctor, type LoggedIn, patient, startApp, type TestApp } from './support/helpers.js';
import { readIcs } from './support/ics.js';
import { dropWaitingMail, TestSmtp } from './support/smtp.js';

/** The calendar file a mail carries (nodemailer's icalEvent: a text/calendar attachment). */
function icsOf(mail: ParsedMail): string {
  const part = mail.attachments.find((attachment) => attachment.contentType.startsWith('text/calendar'));
  if (!part) {
    throw new Error(`no calendar file in "${mail.subject}"`);
  }
  return part.content.toString('utf8');
}

/**
 * Confirmations (issue 14): booking, moving and cancelling each mail the patient with a calendar file (REQUEST or
 * CANCEL, one UID, a growing SEQUENCE), and GET /api/appointments/:id/ics serves the same file, right across a
 * daylight-saving change.
 */
describe('appointment confirmations and calendar files', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    t = await startApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '100' });
    await dropWaitingMail(t);
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('booked, moved, cancelled: a mail each, with REQUEST, REQUEST and CANCEL of one UID and a growing SEQUENCE', async () => {
    const doc = await doctor(t.http, boss);
    const me = await patient(t.http);
    const startsAt = inHours(72);
    const booked = await book(t.http, me, {
      doctorId: doc.id,
      startsAt,
      endsAt: plusMinutes(startsAt, 30),
    }).expect(201);
    const id = booked.body.id as string;
    const first = readIcs(icsOf(await smtp.waitFor(me.email, 1, /cita confirmada/)));
    expect(first).toMatchObject({
      method: 'REQUEST',
      uid: `${id}@vitalis`,
      sequence: 0,
      status: 'CONFIRMED',
    });
    expect(first.start.toISOString()).toBe(startsAt);

    const movedTo = inHours(96);
    await t.http
      .patch(`/api/appointments/${id}`)
      .set(me.auth)
      .send({ startsAt: movedTo, endsAt: plusMinutes(movedTo, 30) })
      .expect(200);
    const moved = readIcs(icsOf(await smtp.waitFor(me.email, 1, /ha cambiado/)));
    expect(moved).toMatchObject({ method: 'REQUEST', uid: `${id}@vitalis`, sequence: 1 });
    expect(moved.start.toISOString()).toBe(movedTo);

    await t.http.post(`/api/appointments/${id}/cancel`).set(me.auth).send({}).expect(200);
    const cancelled = readIcs(icsOf(await smtp.waitFor(me.email, 1, /cita cancelada/)));
    expect(cancelled).toMatchObject({
      method: 'CANCEL',
      uid: `${id}@vitalis`,
      sequence: 2,
      status: 'CANCELLED',
    });

    const file = await t.http.get(`/api/appointments/${id}/ics`).set(me.auth).expect(200);
    expect(file.headers['content-type']).toMatch(/^text\/calendar/);
    expect(readIcs(file.text)).toMatchObject({ method: 'CANCEL', sequence: 2 });
    await t.http
      .get(`/api/appointments/${id}/ics`)
      .set((await patient(t.http)).auth)
      .expect(404);
  });

  it('is right on both sides of a daylight-saving change: 10:00 in Madrid is 10:00 in the file and the mail', async () => {
    const doc = await doctor(t.http, boss);
    const me = await patient(t.http);
    const now = DateTime.now().setZone('Europe/Madrid');
    // The next change of offset in Madrid, found by walking days: the last Sunday of March or of October.
    let day = now.plus({ days: 2 }).startOf('day');
    while (day.offset === day.plus({ days: 1 }).offset) {
      day = day.plus({ days: 1 });
    }
    for (const date of [day.minus({ days: 1 }), day.plus({ days: 2 })].map((d) => d.toISODate()!)) {
      const startsAt = clinicTime(date, '10:00');
      const response = await book(t.http, me, {
        doctorId: doc.id,
        startsAt,
        endsAt: later(startsAt, 30),
      }).expect(201);
      const file = await t.http.get(`/api/appointments/${response.body.id}/ics`).set(me.auth).expect(200);
      const event = readIcs(file.text);
      expect(DateTime.fromJSDate(event.start).setZone('Europe/Madrid').toFormat('yyyy-MM-dd HH:mm')).toBe(
        `${date} 10:00`,
      );
      const mail = await smtp.waitFor(
        me.email,
        1,
        new RegExp(`cita confirmada.*${DateTime.fromISO(date).day}`),
      );
      expect(mail.text).toContain('10:00');
    }
  });
});
