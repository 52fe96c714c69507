import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  PASSWORD,
  admin,
  doctor,
  listen,
  login,
  patient,
  register,
  startApp,
  type LoggedIn,
  type TestApp,
  uniqueEmail,
} from './helpers.js';
import { chatSocket, connected } from './sockets.js';
import { REDIS_URL, reachable } from './support/redis.js';

interface AuditEvent {
  id: string;
  type: string;
  actorId: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
}

const ALLOWED_ORIGIN = 'http://clinic.test';
let ipCounter = 0;
/** A client address of its own for each test (TRUST_PROXY is on in these apps). */
const freshIp = (): string => `198.51.100.${++ipCounter}`;

describe('defences', () => {
  let t: TestApp;
  let staff: LoggedIn;
  const log = new PassThrough();
  let logText = '';
  log.on('data', (chunk: Buffer) => (logText += chunk.toString()));

  beforeAll(async () => {
    t = await startApp(
      { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES: '3', CORS_ORIGINS: ALLOWED_ORIGIN, LOG_LEVEL: 'info' },
      undefined,
      log,
    );
    staff = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  const loginFrom = (ip: string, email: string, password: string) =>
    t.http.post('/auth/login').set('x-forwarded-for', ip).send({ email, password });

  async function events(query: string): Promise<AuditEvent[]> {
    const response = await t.http.get(`/api/audit-events?limit=100&${query}`).set(staff.auth).expect(200);
    return response.body.data as AuditEvent[];
  }

  describe('login lock-out', () => {
    it('locks an email from one IP after LOGIN_MAX_FAILURES failures, even for the right password', async () => {
      const { email } = await register(t.http);
      const ip = freshIp();
      for (let i = 0; i < 3; i++) {
        await loginFrom(ip, email, 'wrong password!').expect(401);
      }
      const locked = await loginFrom(ip, email, PASSWORD).expect(429);
      expect(locked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    });

    it('still lets the same email in from another IP', async () => {
      const { email } = await register(t.http);
      const ip = freshIp();
      for (let i = 0; i < 3; i++) {
        await loginFrom(ip, email, 'wrong password!').expect(401);
      }
      await loginFrom(ip, email, PASSWORD).expect(429);
      const elsewhere = await loginFrom(freshIp(), email, PASSWORD).expect(200);
      expect(elsewhere.body.email).toBe(email);
    });

    it('counts unknown emails the same way, without telling them apart', async () => {
      const ip = freshIp();
      const nobody = uniqueEmail('nobody');
      for (let i = 0; i < 3; i++) {
        await loginFrom(ip, nobody, 'whatever password').expect(401);
      }
      await expect(loginFrom(ip, nobody, 'whatever password')).resolves.toMatchObject({ status: 429 });
    });

    it('forgets the failures after a success', async () => {
      const { email } = await register(t.http);
      const ip = freshIp();
      await loginFrom(ip, email, 'wrong password!').expect(401);
      await loginFrom(ip, email, 'wrong password!').expect(401);
      await loginFrom(ip, email, PASSWORD).expect(200);
      await loginFrom(ip, email, 'wrong password!').expect(401);
      await loginFrom(ip, email, 'wrong password!').expect(401);
      const again = await loginFrom(ip, email, PASSWORD).expect(200);
      expect(again.body.email).toBe(email);
    });
  });

  describe('audit events', () => {
    it('records logins, failures, lock-outs, logouts, revoked sessions and refresh reuse, without secrets', async () => {
      const { id, email } = await register(t.http);
      const ip = freshIp();
      const ok = await t.http
        .post('/auth/login')
        .set('x-forwarded-for', ip)
        .set('user-agent', 'audit-test/1.0')
        .send({ email, password: PASSWORD })
        .expect(200);
      const me = { auth: { authorization: `Bearer ${ok.body.token}` } };
      for (let i = 0; i < 3; i++) {
        await loginFrom(ip, email, 'wrong password!').expect(401);
      }
      const second = await login(t.http, email);
      const third = await login(t.http, email);
      await t.http
        .delete(`/auth/sessions/${JSON.parse(atob(third.token.split('.')[1])).sid}`)
        .set(me.auth)
        .expect(204);
      const first = await t.http
        .post('/auth/refresh')
        .send({ refreshToken: second.refreshToken })
        .expect(200);
      expect(first.body.refreshToken).not.toBe(second.refreshToken);
      // Replaying the old token after the grace window would be reuse; the grace window is 10 s, so reuse the
      // one before the current twice removed.
      const next = await t.http
        .post('/auth/refresh')
        .send({ refreshToken: first.body.refreshToken })
        .expect(200);
      await t.http.post('/auth/refresh').send({ refreshToken: next.body.refreshToken }).expect(200);
      const reused = await t.http.post('/auth/refresh').send({ refreshToken: second.refreshToken });
      expect(reused.body.code).toBe('REFRESH_REUSED');
      await t.http.post('/auth/logout').set(me.auth).expect(204);
      await t.http.post('/auth/logout-all').set(third.auth);

      const trail = await events(`userId=${id}`);
      const types = trail.map((event) => event.type);
      for (const type of [
        'login_succeeded',
        'login_failed',
        'login_locked',
        'session_revoked',
        'refresh_reused',
        'logout',
      ]) {
        expect(types).toContain(type);
      }
      const success = trail.find((event) => event.type === 'login_succeeded' && event.ip === ip)!;
      expect(success).toMatchObject({ actorId: id, subjectId: id, userAgent: 'audit-test/1.0' });
      expect(trail.find((event) => event.type === 'login_failed')).toMatchObject({
        actorId: null,
        subjectId: id,
        ip,
        details: { email },
      });
      const text = JSON.stringify(trail);
      for (const secret of [
        PASSWORD,
        'wrong password!',
        ok.body.token,
        ok.body.refreshToken,
        second.refreshToken,
      ]) {
        expect(text).not.toContain(secret);
      }
    });

    it('records logout-all and password changes', async () => {
      const { id, email } = await register(t.http);
      const me = await login(t.http, email);
      await t.http
        .put('/api/users/me/password')
        .set(me.auth)
        .send({ currentPassword: PASSWORD, newPassword: 'another good password' })
        .expect(204);
      await t.http.post('/auth/logout-all').set(me.auth).expect(204);
      const types = (await events(`userId=${id}`)).map((event) => event.type);
      expect(types).toEqual(expect.arrayContaining(['password_changed', 'logout_all']));
      expect(JSON.stringify(await events(`userId=${id}`))).not.toContain('another good password');
    });

    it('records role changes, disabling and deletion, with the admin as actor', async () => {
      const user = await patient(t.http);
      await t.http
        .patch(`/api/users/${user.id}`)
        .set(staff.auth)
        .send({ rol: 'doctor', specialty: 'Dermatología' });
      await t.http.patch(`/api/users/${user.id}`).set(staff.auth).send({ isActive: false }).expect(200);
      await t.http.delete(`/api/users/${user.id}`).set(staff.auth).expect(204);
      const trail = await events(`userId=${user.id}`);
      expect(trail.find((event) => event.type === 'user_role_changed')).toMatchObject({
        actorId: staff.id,
        subjectId: user.id,
        details: { from: 'user', to: 'doctor' },
      });
      for (const type of ['user_disabled', 'user_deleted']) {
        expect(trail.find((event) => event.type === type)).toMatchObject({
          actorId: staff.id,
          subjectId: user.id,
        });
      }
    });

    it('records appointments created, rescheduled, cancelled and deleted, and an admin reading a thread', async () => {
      const doc = await doctor(t.http, staff);
      const me = await patient(t.http);
      const at = (hours: number, minutes = 0) =>
        new Date(Date.now() + hours * 3_600_000 + minutes * 60_000).toISOString();
      const booked = await t.http
        .post('/api/appointments')
        .set(me.auth)
        .send({ doctorId: doc.id, startsAt: at(72), endsAt: at(72, 30) })
        .expect(201);
      const id = booked.body.id as string;
      await t.http
        .patch(`/api/appointments/${id}`)
        .set(me.auth)
        .send({ startsAt: at(96), endsAt: at(96, 30) })
        .expect(200);
      await t.http.post(`/api/appointments/${id}/cancel`).set(me.auth).send({}).expect(200);
      await t.http.delete(`/api/appointments/${id}`).set(staff.auth).expect(204);
      const trail = await events(`userId=${id}`);
      expect(trail.map((event) => event.type).sort()).toEqual([
        'appointment_cancelled',
        'appointment_created',
        'appointment_deleted',
        'appointment_rescheduled',
      ]);
      expect(trail.find((event) => event.type === 'appointment_created')).toMatchObject({
        actorId: me.id,
        details: { patientId: me.id, doctorId: doc.id },
      });

      await t.http.post('/api/messages').set(me.auth).send({ body: 'hola' }).expect(201);
      await t.http.get(`/api/messages?userId=${me.id}`).set(staff.auth).expect(200);
      expect(await events(`userId=${me.id}&type=messages.thread_read`)).toEqual([
        expect.objectContaining({ actorId: staff.id, subjectId: me.id, details: { count: 1 } }),
      ]);
    });

    it('filters by type and time, pages newest first, and is for admins only', async () => {
      const { email } = await register(t.http);
      const before = new Date().toISOString();
      await login(t.http, email);
      await login(t.http, email);
      const logins = await events(`type=login.succeeded&from=${encodeURIComponent(before)}`);
      expect(logins.length).toBeGreaterThanOrEqual(2);
      expect(logins.every((event) => event.type === 'login_succeeded')).toBe(true);
      const times = logins.map((event) => Date.parse(event.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));

      const page = await t.http.get('/api/audit-events?limit=1&page=2').set(staff.auth).expect(200);
      expect(page.body.data).toHaveLength(1);
      expect(page.body.meta).toMatchObject({ page: 2, limit: 1, total: expect.any(Number) });
      const none = await events(
        `type=login.succeeded&to=${encodeURIComponent(before)}&from=${encodeURIComponent(before)}`,
      );
      expect(none).toEqual([]);

      const me = await patient(t.http);
      const refused = await t.http.get('/api/audit-events').set(me.auth).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN_ROLE');
      for (const query of ['type=nope', 'userId=me', 'from=yesterday', 'limit=101']) {
        const bad = await t.http.get(`/api/audit-events?${query}`).set(staff.auth).expect(400);
        expect(bad.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('logs', () => {
    it('writes JSON lines with the request id of x-request-id, and no secret of a login', async () => {
      const { email } = await register(t.http);
      const response = await t.http
        .post('/auth/login')
        .set('x-token', 'a-token-header-value')
        .set('cookie', 'access_token=a-cookie-value')
        .send({ email, password: PASSWORD })
        .expect(200);
      const requestId = response.headers['x-request-id'];
      // pino-http writes its line when the response has finished, just after the client has it.
      for (let i = 0; i < 50 && !logText.includes(`"id":"${requestId}"`); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const lines = logText
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const mine = lines.filter((line) => JSON.stringify(line).includes(requestId));
      expect(mine.length).toBeGreaterThan(0);
      expect(mine[0]).toMatchObject({
        msg: 'request completed',
        req: { id: requestId, method: 'POST', url: '/auth/login' },
        res: { statusCode: 200 },
      });
      const text = JSON.stringify(mine);
      expect(text).toContain('[redacted]');
      for (const secret of [
        PASSWORD,
        'a-token-header-value',
        'a-cookie-value',
        response.body.token,
        response.body.refreshToken,
      ]) {
        expect(logText).not.toContain(secret);
      }
    });
  });

  describe('HTTP hardening', () => {
    it('answers CORS for CORS_ORIGINS with credentials, and not for other origins', async () => {
      const allowed = await t.http
        .options('/auth/login')
        .set('origin', ALLOWED_ORIGIN)
        .set('access-control-request-method', 'POST')
        .expect(204);
      expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      const other = await t.http.get('/health').set('origin', 'http://evil.test').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('sets Helmet headers with a CSP that lets Swagger UI load its own scripts and styles', async () => {
      const response = await t.http.get('/docs/').redirects(1);
      const csp = response.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self' 'unsafe-inline'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=/);
    });

    it('believes X-Forwarded-For with TRUST_PROXY', async () => {
      const { id, email } = await register(t.http);
      await loginFrom('203.0.113.7', email, PASSWORD).expect(200);
      expect((await events(`userId=${id}`))[0].ip).toBe('203.0.113.7');
    });
  });
});

/**
 * Apps below run one at a time: passport keeps its strategies in one process-wide registry, so a second app in
 * the same process would answer the first one's requests with its own strategy (and its own database pool).
 */
describe('without TRUST_PROXY', () => {
  it('does not believe X-Forwarded-For', async () => {
    const plain = await startApp();
    try {
      const { id, email } = await register(plain.http);
      await plain.http
        .post('/auth/login')
        .set('x-forwarded-for', '203.0.113.7')
        .send({ email, password: PASSWORD });
      const boss = await admin(plain.http);
      const trail = await plain.http.get(`/api/audit-events?userId=${id}`).set(boss.auth).expect(200);
      expect(trail.body.data[0]).toMatchObject({ type: 'login_succeeded', ip: '127.0.0.1' });
    } finally {
      await plain.close();
    }
  });
});

describe('lock-out across a restart', () => {
  it('holds, since it is counted in the database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-lockout-'));
    const env = { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES: '2' };
    const first = await startApp(env, dataDir);
    const { email } = await register(first.http);
    const ip = freshIp();
    for (let i = 0; i < 2; i++) {
      await first.http
        .post('/auth/login')
        .set('x-forwarded-for', ip)
        .send({ email, password: 'wrong password!' });
    }
    await first.close(true);
    const second = await startApp(env, dataDir);
    try {
      const response = await second.http
        .post('/auth/login')
        .set('x-forwarded-for', ip)
        .send({ email, password: PASSWORD })
        .expect(429);
      expect(response.body.code).toBe('TOO_MANY_ATTEMPTS');
    } finally {
      await second.close();
    }
  });
});

describe('rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ TRUST_PROXY: 'true', AUTH_RATE_LIMIT: '3', API_RATE_LIMIT: '5' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('allows AUTH_RATE_LIMIT requests a minute on /auth/* per IP, then 429 with Retry-After', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      await t.http.post('/auth/login').set('x-forwarded-for', ip).send({}).expect(400);
    }
    const limited = await t.http.post('/auth/register').set('x-forwarded-for', ip).send({}).expect(429);
    expect(limited.body).toEqual({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS', message: expect.any(String) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await t.http.post('/auth/login').set('x-forwarded-for', freshIp()).send({}).expect(400);
  });

  it('counts the rest of the API separately, at API_RATE_LIMIT', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      await t.http.post('/auth/login').set('x-forwarded-for', ip).send({}).expect(400);
    }
    for (let i = 0; i < 5; i++) {
      await t.http.get('/api/doctors').set('x-forwarded-for', ip).expect(401);
    }
    const limited = await t.http.get('/api/doctors').set('x-forwarded-for', ip).expect(429);
    expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('counts chat message:send events against API_RATE_LIMIT too', async () => {
    const url = await listen(t);
    const me = await patient(t.http);
    const socket = await connected(
      chatSocket(url, { auth: { token: me.token }, extraHeaders: { 'x-forwarded-for': freshIp() } }),
    );
    try {
      const acks: { message?: unknown; error?: { code: string } }[] = [];
      for (let i = 0; i < 6; i++) {
        acks.push(await socket.emitWithAck('message:send', { body: `mensaje ${i}` }));
      }
      expect(acks.slice(0, 5).every((ack) => ack.message !== undefined)).toBe(true);
      expect(acks[5]).toMatchObject({ error: { code: 'TOO_MANY_ATTEMPTS' } });
    } finally {
      socket.close();
    }
  });

  it('never limits the health checks', async () => {
    const ip = freshIp();
    for (let i = 0; i < 8; i++) {
      await t.http.get('/health').set('x-forwarded-for', ip).expect(200);
    }
    await expect(t.http.get('/health').set('x-forwarded-for', ip)).resolves.toMatchObject({ status: 200 });
  });
});

const redisAnswers = await reachable(REDIS_URL);

if (redisAnswers) {
  describe('rate limits in Redis (REDIS_URL)', () => {
    it('keeps counting across instances: a restarted app still refuses the spent IP', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-redis-limit-'));
      const env = { TRUST_PROXY: 'true', AUTH_RATE_LIMIT: '3', REDIS_URL };
      // An address no earlier run has used within the minute the counter lives.
      const ip = `198.18.${randomInt(256)}.${randomInt(256)}`;
      const first = await startApp(env, dataDir);
      for (let i = 0; i < 3; i++) {
        await first.http.post('/auth/login').set('x-forwarded-for', ip).send({}).expect(400);
      }
      await first.close(true);
      const second = await startApp(env, dataDir);
      try {
        const limited = await second.http.post('/auth/login').set('x-forwarded-for', ip).send({}).expect(429);
        expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      } finally {
        await second.close();
      }
    });
  });
} else {
  // eslint-disable-next-line jest/no-disabled-tests -- no Redis here
  describe.skip(`rate limits in Redis (skipped: no Redis answers at ${REDIS_URL})`, () => {
    it('needs Redis', () => expect(redisAnswers).toBe(true));
  });
}
