import { setTimeout as sleep } from 'node:timers/promises';
import { book } from './support/appointments.js';
import { inHours, MovableClock, plusMinutes } from './support/clock.js';
import { describeIf } from './support/describe-if.js';
import { admin, doctor, type LoggedIn, patient, startApp, type TestApp } from './support/helpers.js';
import { dropWaitingMail, TestSmtp } from './support/smtp.js';

const REMINDER = /recuerda tu cita/;

/** Long enough for a poll (MAIL_POLL_MS 50) to have sent whatever was due. */
const SETTLE_MS = 600;

/**
 * Reminders (issue 14): one mail REMINDER_HOURS_BEFORE (24) each scheduled appointment, from a durable outbox row
 * due then, exactly once; a move moves it, a cancel drops it, a booking less than 24 hours ahead gets none. Time is
 * the app's clock, moved by the test: nobody waits a day.
 */
describe('appointment reminders', () => {
  let smtp: TestSmtp;
  let clock: MovableClock;
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    clock = new MovableClock();
    t = await startApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50' }, { clock });
    await dropWaitingMail(t);
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  /** A patient with an appointment `hours` from now (real time; the clock only moves forward in these tests). */
  async function bookedIn(hours: number): Promise<{ me: LoggedIn; id: string }> {
    const me = await patient(t.http);
    const startsAt = new Date(clock.now().getTime() + hours * 3_600_000);
    startsAt.setSeconds(0, 0);
    const body = {
      startsAt: startsAt.toISOString(),
      endsAt: plusMinutes(startsAt.toISOString(), 30),
    };
    const response = await book(t.http, me, { ...body, doctorId: (await doctor(t.http, boss)).id }).expect(
      201,
    );
    return { me, id: response.body.id as string };
  }

  it('is sent once, when it comes due, and not before; a move moves it; a cancel drops it; a late booking has none', async () => {
    const kept = await bookedIn(48);
    const moved = await bookedIn(48);
    const cancelled = await bookedIn(48);
    const late = await bookedIn(10);
    await t.http
      .patch(`/api/appointments/${moved.id}`)
      .set(moved.me.auth)
      .send({ startsAt: inHours(72), endsAt: plusMinutes(inHours(72), 30) })
      .expect(200);
    await t.http.post(`/api/appointments/${cancelled.id}/cancel`).set(cancelled.me.auth).send({}).expect(200);

    await sleep(SETTLE_MS);
    for (const { me } of [kept, moved, cancelled, late]) {
      expect(smtp.to(me.email, REMINDER)).toEqual([]);
    }

    clock.advance(25); // 23 hours before `kept`: its reminder is due; `moved`'s is not (47 hours ahead).
    const reminder = await smtp.waitFor(kept.me.email, 1, REMINDER);
    expect(reminder.text).toContain('Te recordamos tu cita');
    await sleep(SETTLE_MS);
    expect(smtp.to(kept.me.email, REMINDER)).toHaveLength(1);
    expect(smtp.to(moved.me.email, REMINDER)).toEqual([]);

    clock.advance(24); // Now `moved`'s new time is 23 hours ahead.
    await smtp.waitFor(moved.me.email, 1, REMINDER);
    await sleep(SETTLE_MS);
    expect(smtp.to(moved.me.email, REMINDER)).toHaveLength(1);
    expect(smtp.to(cancelled.me.email, REMINDER)).toEqual([]);
    expect(smtp.to(late.me.email, REMINDER)).toEqual([]);
    expect(smtp.to(kept.me.email, REMINDER)).toHaveLength(1);
  });
});

describeIf(Boolean(process.env.DATABASE_URL), 'needs DATABASE_URL: the embedded engine serves one instance')(
  'appointment reminders from two instances on one PostgreSQL',
  () => {
    it('each reminder is sent exactly once', async () => {
      const smtp = await TestSmtp.start();
      const clock = new MovableClock();
      const env = { SMTP_URL: smtp.url, MAIL_POLL_MS: '50' };
      const [a, b] = await Promise.all([startApp(env, { clock }), startApp(env, { clock })]);
      try {
        await dropWaitingMail(a);
        const boss = await admin(a.http);
        const doc = await doctor(a.http, boss);
        const people = await Promise.all(Array.from({ length: 12 }, () => patient(a.http)));
        await Promise.all(
          people.map((me, i) => {
            const startsAt = inHours(48 + i);
            return book(i % 2 ? a.http : b.http, me, {
              doctorId: doc.id,
              startsAt,
              endsAt: plusMinutes(startsAt, 30),
            }).expect(201);
          }),
        );
        clock.advance(48);
        for (const me of people) {
          await smtp.waitFor(me.email, 1, REMINDER);
        }
        await sleep(SETTLE_MS);
        const reminders = people.flatMap((me) => smtp.to(me.email, REMINDER));
        expect(reminders).toHaveLength(12);
        expect(new Set(reminders.map((mail) => mail.messageId)).size).toBe(12);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await smtp.stop();
      }
    });
  },
);
