import { simpleParser } from 'mailparser';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeIf } from './support/describe-if.js';
import { register, startApp, type TestApp } from './support/helpers.js';
import { dropWaitingMail, linkToken, TestSmtp } from './support/smtp.js';

/** Recovery's mails (registration also mails a verification link). */
const PASSWORD_MAIL = /contraseña/;

const forgot = (t: TestApp, email: string) =>
  t.http.post('/auth/password/forgot').send({ email }).expect(202);

/** The mail module's delivery (issue 13): the local mailbox, and an outbox that loses nothing and sends once. */
describe('mail without SMTP_URL: the local mailbox', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-mailbox-'));
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info', MAIL_POLL_MS: '200', MAIL_DISABLED: 'false' }, { dataDir });
    await dropWaitingMail(t);
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes each mail as an .eml file under DATA_DIR/mail, and logs where (never the link)', async () => {
    const { email } = await register(t.http);
    await forgot(t, email);
    const folder = join(dataDir, 'mail');
    await t.log.waitFor('restablecer tu contraseña');
    const files = readdirSync(folder).filter((file) => file.endsWith('.eml'));
    const mails = await Promise.all(files.map((file) => simpleParser(readFileSync(join(folder, file)))));
    const mine = mails.filter(
      (mail) => JSON.stringify(mail.to).includes(email) && PASSWORD_MAIL.test(mail.subject ?? ''),
    );
    expect(mine).toHaveLength(1);
    expect(mine[0].subject).toBe('Clínica Vitalis: restablecer tu contraseña');
    const token = linkToken(mine[0]);
    const line = t.log.text.split('\n').find((text) => text.includes('restablecer tu contraseña'))!;
    expect(line).toContain(folder);
    expect(line).not.toContain(token);
    await t.http.post('/auth/password/reset').send({ token, password: 'a brand new passphrase' }).expect(204);
  });
});

describe('mail over SMTP when the server is away or hangs', () => {
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
  });

  afterAll(async () => {
    await smtp?.stop();
  });

  const env = () => ({
    SMTP_URL: smtp.url,
    MAIL_POLL_MS: '100',
    MAIL_RETRY_BASE_MS: '100',
    MAIL_SEND_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'warn',
  });

  it('a mail queued while the SMTP server is down arrives once it is back, once', async () => {
    const t = await startApp(env());
    await dropWaitingMail(t);
    try {
      const { email } = await register(t.http);
      await smtp.stop();
      await forgot(t, email);
      await t.log.waitFor('not sent, attempt 2');
      await smtp.restart();
      await smtp.waitFor(email, 1, PASSWORD_MAIL);
      await sleep(500);
      expect(smtp.to(email, PASSWORD_MAIL)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('a mail whose send was cut by a restart (the server hung) is sent by the next process', async () => {
    const first = await startApp(env(), { dataDir: mkdtempSync(join(tmpdir(), 'vitalis-mail-')) });
    await dropWaitingMail(first);
    const { email } = await register(first.http);
    smtp.stall = true;
    await forgot(first, email);
    for (let waited = 0; smtp.stalledMessages === 0; waited += 20) {
      expect(waited).toBeLessThan(15_000);
      await sleep(20);
    }
    await first.close(true);
    smtp.stall = false;
    const next = await startApp(env(), { dataDir: first.config.dataDir });
    try {
      const mail = await smtp.waitFor(email, 1, PASSWORD_MAIL);
      expect(linkToken(mail)).toHaveLength(43);
    } finally {
      await next.close();
    }
  });
});

describe('mail over SMTP: what is retried, what is given up, and a stop mid-queue', () => {
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
  });

  afterAll(async () => {
    await smtp?.stop();
  });

  const env = (extra: Record<string, string> = {}) => ({
    SMTP_URL: smtp.url,
    MAIL_POLL_MS: '100',
    MAIL_RETRY_BASE_MS: '100',
    MAIL_SEND_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'warn',
    ...extra,
  });

  it('retries a refused sender (the deployment’s to fix); gives up a refused recipient at once', async () => {
    const t = await startApp(env());
    await dropWaitingMail(t);
    try {
      const a = await register(t.http);
      await smtp.waitFor(a.email);
      smtp.refuseSender = true;
      await forgot(t, a.email);
      await t.log.waitFor('not sent, attempt 2');
      smtp.refuseSender = false;
      await smtp.waitFor(a.email, 1, PASSWORD_MAIL);

      const b = await register(t.http);
      await smtp.waitFor(b.email);
      smtp.refusedRecipients.add(b.email);
      await forgot(t, b.email);
      await t.log.waitFor('given up:');
      smtp.refusedRecipients.delete(b.email);
      await sleep(500);
      expect(smtp.to(b.email, PASSWORD_MAIL)).toEqual([]);
    } finally {
      smtp.refuseSender = false;
      smtp.refusedRecipients.clear();
      await t.close();
    }
  });

  it('does not send a reset link that expired while the server was away', async () => {
    const t = await startApp(env({ PASSWORD_RESET_TTL: '1s' }));
    await dropWaitingMail(t);
    try {
      const { email } = await register(t.http);
      await smtp.waitFor(email);
      await smtp.stop();
      await forgot(t, email);
      await sleep(1200);
      await smtp.restart();
      await t.log.waitFor('given up: its link expired before it could be sent');
      expect(smtp.to(email, PASSWORD_MAIL)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('a stop in the middle of a queue of slow sends: the next process sends the rest, nothing twice', async () => {
    smtp.delayMs = 300;
    try {
      const first = await startApp(env(), { dataDir: mkdtempSync(join(tmpdir(), 'vitalis-mail-')) });
      await dropWaitingMail(first);
      const people = await Promise.all(Array.from({ length: 6 }, () => register(first.http)));
      await smtp.waitFor(people[0].email);
      await first.close(true);
      const next = await startApp(env(), { dataDir: first.config.dataDir });
      try {
        for (const { email } of people) {
          await smtp.waitFor(email);
        }
        await sleep(800);
        const ids = people.flatMap(({ email }) => smtp.to(email).map((mail) => mail.messageId));
        expect(ids).toHaveLength(6);
        expect(new Set(ids).size).toBe(6);
      } finally {
        await next.close();
      }
    } finally {
      smtp.delayMs = 0;
    }
  });
});

describeIf(Boolean(process.env.DATABASE_URL), 'needs DATABASE_URL: the embedded engine serves one instance')(
  'mail from two instances on one PostgreSQL',
  () => {
    it('sends each message once, whichever instance queued it', async () => {
      const smtp = await TestSmtp.start();
      const env = { SMTP_URL: smtp.url, MAIL_POLL_MS: '50' };
      const [a, b] = await Promise.all([startApp(env), startApp(env)]);
      try {
        await dropWaitingMail(a);
        const people = await Promise.all(Array.from({ length: 20 }, () => register(a.http)));
        await Promise.all(people.map(({ email }, i) => forgot(i % 2 ? a : b, email)));
        // Each person's verification mail (queued on a) and reset mail (on either).
        for (const { email } of people) {
          await smtp.waitFor(email, 2);
        }
        await sleep(500);
        const ids = people.flatMap(({ email }) => smtp.to(email).map((mail) => mail.messageId));
        expect(ids).toHaveLength(40);
        expect(new Set(ids).size).toBe(40);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await smtp.stop();
      }
    });

    it('sends each message once when sends are slower than half the send timeout', async () => {
      const smtp = await TestSmtp.start();
      smtp.delayMs = 400;
      const env = { SMTP_URL: smtp.url, MAIL_POLL_MS: '50', MAIL_SEND_TIMEOUT_MS: '500' };
      const [a, b] = await Promise.all([startApp(env), startApp(env)]);
      try {
        await dropWaitingMail(a);
        const people = await Promise.all(Array.from({ length: 10 }, () => register(a.http)));
        for (const { email } of people) {
          await smtp.waitFor(email);
        }
        await sleep(1500);
        const ids = people.flatMap(({ email }) => smtp.to(email).map((mail) => mail.messageId));
        expect(ids).toHaveLength(10);
        expect(new Set(ids).size).toBe(10);
      } finally {
        await Promise.all([a.close(), b.close()]);
        await smtp.stop();
      }
    });
  },
);
