import { auditEvents } from './support/audit.js';
import {
  admin,
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

/**
 * E-mail verification and change (issue 13), mail read from a real SMTP server: a link at registration, verified
 * once; with REQUIRE_VERIFIED_EMAIL an unverified login is refused after the password check; a change happens only
 * once the new address confirms it, and a taken address is refused then, never earlier.
 */
describe('e-mail verification and change', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    t = await startApp({
      SMTP_URL: smtp.url,
      MAIL_POLL_MS: '200',
      PUBLIC_APP_URL: 'https://app.vitalis.test',
    });
    await dropWaitingMail(t);
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const verify = (token: string) => t.http.post('/auth/email/verify').send({ token });
  const changeEmail = (me: LoggedIn, email: string, currentPassword = PASSWORD) =>
    t.http.post('/api/users/me/email').set(me.auth).send({ email, currentPassword });

  it('registration mails a link; opening it verifies the address, once', async () => {
    const { id, email } = await register(t.http);
    const me = await login(t.http, email);
    await expect(t.http.get('/auth/me').set(me.auth)).resolves.toMatchObject({
      body: { emailVerified: false },
    });
    const mail = await smtp.waitFor(email);
    expect(mail.subject).toBe('Clínica Vitalis: confirma tu correo');
    expect(mail.text).toContain('https://app.vitalis.test/verify-email#token=');
    const token = linkToken(mail);
    await verify(token).expect(204);
    await expect(t.http.get('/auth/me').set(me.auth)).resolves.toMatchObject({
      body: { emailVerified: true },
    });
    await expect(verify(token)).resolves.toMatchObject({
      status: 400,
      body: { code: 'EMAIL_TOKEN_INVALID' },
    });
    await expect(auditEvents(t.http, boss, `userId=${id}&type=email_verified`)).resolves.toHaveLength(1);
  });

  it('resending answers every e-mail alike and mails an unverified account at most 3 links an hour', async () => {
    const { email } = await register(t.http);
    await smtp.waitFor(email);
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => t.http.post('/auth/email/verify/resend').send({ email })),
      t.http.post('/auth/email/verify/resend').send({ email: uniqueEmail() }),
    ]);
    expect(answers.map(({ status, body }) => ({ status, body }))).toEqual(
      Array(7).fill({ status: 202, body: answers[0].body }),
    );
    // The registration's link was the first of the three.
    await smtp.waitFor(email, 3);
    const tokens = smtp.to(email).map(linkToken);
    const outcomes = await Promise.all(tokens.map((token) => verify(token)));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([204, 400, 400]);
  });

  it('changes the e-mail only once the new address confirms, and tells the old one', async () => {
    const me = await patient(t.http);
    const next = uniqueEmail('nueva');
    await expect(changeEmail(me, next, 'not my password')).resolves.toMatchObject({
      status: 401,
      body: { code: 'INVALID_CREDENTIALS' },
    });
    await changeEmail(me, next).expect(202);
    const notice = await smtp.waitFor(me.email, 2);
    expect(notice.subject).toBe('Clínica Vitalis: se ha pedido cambiar tu correo');
    expect(notice.text).toContain(next);
    const confirm = await smtp.waitFor(next);
    await expect(t.http.get('/auth/me').set(me.auth)).resolves.toMatchObject({ body: { email: me.email } });

    await verify(linkToken(confirm)).expect(204);
    await expect(t.http.get('/auth/me').set(me.auth)).resolves.toMatchObject({
      body: { email: next, emailVerified: true },
    });
    await login(t.http, next);
    await t.http.post('/auth/login').send({ email: me.email, password: PASSWORD }).expect(401);
    const types = (await auditEvents(t.http, boss, `userId=${me.id}`)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['email_change_requested', 'email_changed']));
  });

  it('refuses a taken address at confirmation, never earlier; of two racing for one address, one wins', async () => {
    const taken = await register(t.http);
    const me = await patient(t.http);
    await changeEmail(me, taken.email).expect(202);
    await expect(verify(linkToken(await smtp.waitFor(taken.email, 2)))).resolves.toMatchObject({
      status: 409,
      body: { code: 'EMAIL_TAKEN' },
    });
    await expect(t.http.get('/auth/me').set(me.auth)).resolves.toMatchObject({ body: { email: me.email } });

    const wanted = uniqueEmail('disputada');
    const [a, b] = await Promise.all([patient(t.http), patient(t.http)]);
    await changeEmail(a, wanted).expect(202);
    await changeEmail(b, wanted).expect(202);
    await smtp.waitFor(wanted, 2);
    const outcomes = await Promise.all(smtp.to(wanted).map((mail) => verify(linkToken(mail))));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([204, 409]);
  });

  it('takes at most 3 changes an hour from one account: a fourth is 429', async () => {
    const me = await patient(t.http);
    for (let i = 0; i < 3; i++) {
      await changeEmail(me, uniqueEmail('otra')).expect(202);
    }
    await expect(changeEmail(me, uniqueEmail('otra'))).resolves.toMatchObject({
      status: 429,
      body: { code: 'TOO_MANY_ATTEMPTS' },
    });
  });
});

describe('REQUIRE_VERIFIED_EMAIL=true', () => {
  let smtp: TestSmtp;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    t = await startApp({ SMTP_URL: smtp.url, MAIL_POLL_MS: '200', REQUIRE_VERIFIED_EMAIL: 'true' });
    await dropWaitingMail(t);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('refuses an unverified login with the right password only (403), and lets it in once verified', async () => {
    const { email } = await register(t.http);
    const attempt = (password: string) => t.http.post('/auth/login').send({ email, password });
    await expect(attempt('not the password')).resolves.toMatchObject({
      status: 401,
      body: { code: 'INVALID_CREDENTIALS' },
    });
    await expect(attempt(PASSWORD)).resolves.toMatchObject({
      status: 403,
      body: { code: 'EMAIL_NOT_VERIFIED' },
    });
    await t.http
      .post('/auth/email/verify')
      .send({ token: linkToken(await smtp.waitFor(email)) })
      .expect(204);
    await login(t.http, email);
  });
});
