import { auditEvents } from './support/audit.js';
import {
  admin,
  listen,
  type LoggedIn,
  login,
  PASSWORD,
  patient,
  register,
  startApp,
  type TestApp,
  uniqueEmail,
} from './support/helpers.js';
import { dropWaitingMail, linkToken, TestSmtp } from './support/smtp.js';
import { type ClientSocket, dropped, openAs } from './support/sockets.js';

const NEW_PASSWORD = 'a brand new passphrase';
/** Recovery's mails (registration also mails a verification link). */
const PASSWORD_MAIL = /contraseña|password/;

/**
 * Password recovery (issue 13) to OWASP's Forgot Password cheat sheet, with mail read from a real SMTP server:
 * no enumeration, single-use links that expire, every session ended, lock-outs cleared, admins who send a link but
 * never see a password.
 */
describe('password recovery', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let boss: LoggedIn;
  let url: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    t = await startApp({
      SMTP_URL: smtp.url,
      MAIL_POLL_MS: '200',
      PUBLIC_APP_URL: 'https://app.vitalis.test',
    });
    await dropWaitingMail(t);
    url = await listen(t);
    boss = await admin(t.http);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t?.close();
    await smtp?.stop();
  });

  const forgot = (email: string) => t.http.post('/auth/password/forgot').send({ email });
  const reset = (token: string, password = NEW_PASSWORD) =>
    t.http.post('/auth/password/reset').send({ token, password });

  it('mails a single-use link; the reset ends every session, the old password stops working, a notice follows', async () => {
    const me = await patient(t.http);
    await expect(forgot(me.email)).resolves.toMatchObject({ status: 202 });
    const mail = await smtp.waitFor(me.email, 1, PASSWORD_MAIL);
    expect(mail.subject).toBe('Clínica Vitalis: restablecer tu contraseña');
    expect(mail.text).toContain('https://app.vitalis.test/reset-password#token=');
    expect(mail.html).toContain('https://app.vitalis.test/reset-password#token=');
    expect(mail.messageId).toMatch(/@vitalis\.mail>$/);
    const token = linkToken(mail);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);

    const socket = dropped(await openAs(url, me, sockets));
    await reset(token).expect(204);
    await expect(socket).resolves.toBe('io server disconnect');
    await t.http.get('/auth/me').set(me.auth).expect(401);
    await t.http.post('/auth/login').send({ email: me.email, password: PASSWORD }).expect(401);
    await login(t.http, me.email, NEW_PASSWORD);
    await expect(reset(token, 'yet another passphrase')).resolves.toMatchObject({
      status: 400,
      body: { code: 'RESET_TOKEN_INVALID' },
    });
    await expect(smtp.waitFor(me.email, 2, PASSWORD_MAIL)).resolves.toMatchObject({
      subject: 'Clínica Vitalis: tu contraseña ha cambiado',
    });
    const types = (await auditEvents(t.http, boss, `userId=${me.id}`)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['password_reset_requested', 'password_reset']));
  });

  it('writes to each user in their language', async () => {
    const me = await patient(t.http);
    await t.http.patch('/api/users/me').set(me.auth).send({ locale: 'en' }).expect(200);
    await forgot(me.email).expect(202);
    const mail = await smtp.waitFor(me.email, 1, PASSWORD_MAIL);
    expect(mail.subject).toBe('Clínica Vitalis: reset your password');
    expect(mail.text).toMatch(/^Hello Ana,/);
    expect(mail.html).toContain('<html lang="en">');
  });

  it('answers an unknown, a deleted and a known e-mail alike, and mails only the account', async () => {
    const known = await register(t.http);
    const gone = await patient(t.http);
    await t.http.delete(`/api/users/${gone.id}`).set(boss.auth).expect(204);
    const answers = await Promise.all([forgot(uniqueEmail()), forgot(gone.email), forgot(known.email)]);
    expect(answers.map(({ status, body }) => ({ status, body }))).toEqual(
      Array(3).fill({ status: 202, body: answers[0].body }),
    );
    expect(answers[0].body.message).toMatch(/^Si hay una cuenta con ese correo/);
    await smtp.waitFor(known.email, 1, PASSWORD_MAIL);
    expect(smtp.to(gone.email, PASSWORD_MAIL)).toEqual([]);
    expect(await auditEvents(t.http, boss, `userId=${gone.id}&type=password_reset_requested`)).toEqual([]);
  });

  it('a burst of requests for one address mails it 3 times, and only the newest link works', async () => {
    const { id, email } = await register(t.http);
    const answers = await Promise.all(Array.from({ length: 8 }, () => forgot(email)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(202));
    await expect(
      auditEvents(t.http, boss, `userId=${id}&type=password_reset_requested`),
    ).resolves.toHaveLength(3);
    await smtp.waitFor(email, 3, PASSWORD_MAIL);
    const tokens = smtp.to(email, PASSWORD_MAIL).map(linkToken);
    // The one link that still works is the last one made; the others were expired by it.
    const outcomes = await Promise.all(tokens.map((token) => reset(token)));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([204, 400, 400]);
  });

  it('one token, reset five times at once: one 204, four RESET_TOKEN_INVALID', async () => {
    const { email } = await register(t.http);
    await forgot(email).expect(202);
    const token = linkToken(await smtp.waitFor(email, 1, PASSWORD_MAIL));
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, (_, i) => reset(token, `racing passphrase ${i}`)),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([204, 400, 400, 400, 400]);
    const winner = outcomes.findIndex((outcome) => outcome.status === 204);
    await login(t.http, email, `racing passphrase ${winner}`);
  });

  it('refuses a made-up token and a weak new password, and keeps the link usable after a weak one', async () => {
    await expect(reset('x'.repeat(43))).resolves.toMatchObject({
      status: 400,
      body: { code: 'RESET_TOKEN_INVALID' },
    });
    const { email } = await register(t.http);
    await forgot(email).expect(202);
    const token = linkToken(await smtp.waitFor(email, 1, PASSWORD_MAIL));
    await expect(reset(token, 'password')).resolves.toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    await expect(t.http.post('/auth/password/reset').send({ token })).resolves.toMatchObject({ status: 400 });
    await reset(token).expect(204);
  });

  it('clears the lock-out of the e-mail: the owner logs in with the new password at once', async () => {
    const { email } = await register(t.http);
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++) {
      status = (await t.http.post('/auth/login').send({ email, password: 'not the password' })).status;
    }
    expect(status).toBe(429);
    await forgot(email).expect(202);
    await reset(linkToken(await smtp.waitFor(email, 1, PASSWORD_MAIL))).expect(204);
    await login(t.http, email, NEW_PASSWORD);
  });

  it('a password change, or disabling the account, makes an open link useless', async () => {
    const me = await patient(t.http);
    await forgot(me.email).expect(202);
    const mailed = linkToken(await smtp.waitFor(me.email, 1, PASSWORD_MAIL));
    await t.http
      .put('/api/users/me/password')
      .set(me.auth)
      .send({ currentPassword: PASSWORD, newPassword: 'changed the usual way' })
      .expect(204);
    await expect(reset(mailed)).resolves.toMatchObject({
      status: 400,
      body: { code: 'RESET_TOKEN_INVALID' },
    });

    const other = await patient(t.http);
    await forgot(other.email).expect(202);
    const before = linkToken(await smtp.waitFor(other.email, 1, PASSWORD_MAIL));
    await t.http.patch(`/api/users/${other.id}`).set(boss.auth).send({ isActive: false }).expect(200);
    await expect(
      t.http.post(`/api/users/${other.id}/password-reset`).set(boss.auth).send({}),
    ).resolves.toMatchObject({ status: 409, body: { code: 'TARGET_DISABLED' } });
    await t.http.patch(`/api/users/${other.id}`).set(boss.auth).send({ isActive: true }).expect(200);
    await expect(reset(before)).resolves.toMatchObject({
      status: 400,
      body: { code: 'RESET_TOKEN_INVALID' },
    });
  });

  it('an admin mails a user a link, and may end their sessions at once; others may not', async () => {
    const me = await patient(t.http);
    await t.http.post(`/api/users/${me.id}/password-reset`).set(me.auth).send({}).expect(403);
    await t.http.post(`/api/users/${me.id}/password-reset`).set(boss.auth).send({}).expect(202);
    await smtp.waitFor(me.email, 1, PASSWORD_MAIL);
    await t.http.get('/auth/me').set(me.auth).expect(200);

    const answer = await t.http
      .post(`/api/users/${me.id}/password-reset`)
      .set(boss.auth)
      .set('accept-language', 'en')
      .send({ revokeSessions: true })
      .expect(202);
    expect(answer.body.message).toBe('A link to choose a new password has been sent to the user.');
    await t.http.get('/auth/me').set(me.auth).expect(401);
    await reset(linkToken(await smtp.waitFor(me.email, 2, PASSWORD_MAIL))).expect(204);
    const [event] = await auditEvents(t.http, boss, `userId=${me.id}&type=password_reset_sent`);
    expect(event).toMatchObject({ actorId: boss.id, details: { revokeSessions: true } });
    await expect(
      t.http.post(`/api/users/${me.id}/password-reset`).set(boss.auth).send({ revokeSessions: 'yes' }),
    ).resolves.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(
      t.http.post('/api/users/00000000-0000-4000-8000-000000000000/password-reset').set(boss.auth).send({}),
    ).resolves.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
  });
});

describe('password recovery: an expired link', () => {
  let smtp: TestSmtp;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    t = await startApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '200', PASSWORD_RESET_TTL: '1s' });
    await dropWaitingMail(t);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('is RESET_TOKEN_INVALID once PASSWORD_RESET_TTL has passed', async () => {
    const { email } = await register(t.http);
    await t.http.post('/auth/password/forgot').send({ email }).expect(202);
    const token = linkToken(await smtp.waitFor(email, 1, PASSWORD_MAIL));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(
      t.http.post('/auth/password/reset').send({ token, password: NEW_PASSWORD }),
    ).resolves.toMatchObject({ status: 400, body: { code: 'RESET_TOKEN_INVALID' } });
  });
});
