import { setTimeout as sleep } from 'node:timers/promises';
import { MovableClock } from './support/clock.js';
import { describeIf } from './support/describe-if.js';
import { admin, listen, type LoggedIn, patient, startApp, type TestApp } from './support/helpers.js';
import { type ClientSocket, openAs } from './support/sockets.js';
import { dropWaitingMail, TestSmtp } from './support/smtp.js';

const REPLY = /tienes una respuesta/;
/** Long enough for a poll (MAIL_POLL_MS 50) to have sent whatever was queued. */
const SETTLE_MS = 600;

/**
 * "You have a reply" (issue 14): a patient with no chat socket open when staff answer gets one mail, at most one per
 * thread per CHAT_MAIL_DIGEST_MINUTES (15); a connected patient gets none; the mail never carries the answer itself.
 */
describe('"you have a reply" mails', () => {
  let smtp: TestSmtp;
  let clock: MovableClock;
  let t: TestApp;
  let url: string;
  let staff: LoggedIn;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    clock = new MovableClock();
    t = await startApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '50' }, { clock });
    await dropWaitingMail(t);
    url = await listen(t);
    staff = await admin(t.http);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t?.close();
    await smtp?.stop();
  });

  const answer = (userId: string, body: string) =>
    t.http.post('/api/messages').set(staff.auth).send({ body, userId }).expect(201);

  it('mails an absent patient once per digest window, however many answers come, and never the answer', async () => {
    const me = await patient(t.http);
    await t.http.post('/api/messages').set(me.auth).send({ body: 'Tengo una duda' }).expect(201);
    await Promise.all([answer(me.id, 'Diagnóstico confidencial'), answer(me.id, 'Y otra cosa')]);
    const mail = await smtp.waitFor(me.email, 1, REPLY);
    expect(`${mail.subject} ${mail.text} ${mail.html}`).not.toContain('confidencial');
    await answer(me.id, 'Una tercera');
    await sleep(SETTLE_MS);
    expect(smtp.to(me.email, REPLY)).toHaveLength(1);

    clock.advance(16 / 60);
    await answer(me.id, 'Pasado el rato');
    await smtp.waitFor(me.email, 2, REPLY);
  });

  it('mails nobody whose chat is open, nor staff for their own messages', async () => {
    const me = await patient(t.http);
    await openAs(url, me, sockets);
    await answer(me.id, 'Le atendemos');
    await t.http.post('/api/messages').set(me.auth).send({ body: 'Gracias' }).expect(201);
    await sleep(SETTLE_MS);
    expect(smtp.to(me.email, REPLY)).toEqual([]);
    expect(smtp.to(staff.email, REPLY)).toEqual([]);
  });
});

describeIf(Boolean(process.env.DATABASE_URL), 'needs DATABASE_URL: the embedded engine serves one instance')(
  '"you have a reply" with two instances on one PostgreSQL',
  () => {
    it('counts a chat open on the other instance as connected', async () => {
      const smtp = await TestSmtp.start();
      const env = { SMTP_URL: smtp.url, MAIL_POLL_MS: '50' };
      const [a, b] = await Promise.all([startApp(env), startApp(env)]);
      const opened: ClientSocket[] = [];
      try {
        await listen(a);
        const onB = await listen(b);
        const boss = await admin(a.http);
        const me = await patient(a.http);
        const socket = await openAs(onB, me, opened);
        await a.http.post('/api/messages').set(boss.auth).send({ body: 'Hola', userId: me.id }).expect(201);
        await sleep(SETTLE_MS);
        expect(smtp.to(me.email, REPLY)).toEqual([]);
        socket.close();
        await sleep(200);
        await a.http
          .post('/api/messages')
          .set(boss.auth)
          .send({ body: '¿Sigue ahí?', userId: me.id })
          .expect(201);
        await smtp.waitFor(me.email, 1, REPLY);
      } finally {
        opened.forEach((socket) => socket.close());
        await Promise.all([a.close(), b.close()]);
        await smtp.stop();
      }
    });
  },
);
