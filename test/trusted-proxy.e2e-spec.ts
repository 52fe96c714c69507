import { auditEvents } from './support/audit.js';
import {
  PASSWORD,
  admin,
  listen,
  login,
  loginFrom,
  patient,
  register,
  startApp,
  type TestApp,
} from './support/helpers.js';
import { chatSocket, connected } from './support/sockets.js';

const MAX_FAILURES = 3;
let counter = 0;
/** A made-up address a client writes at the left of X-Forwarded-For, new each time. */
const fake = (): string => `10.${++counter % 250}.${counter >> 8}.7`;

/**
 * Behind trusted proxies, the client address is what the last trusted proxy saw (the right-most untrusted entry of
 * X-Forwarded-For), never what the client wrote at the left; HTTP and the chat socket use the same rule (issue 9,
 * item 4).
 */
describe('TRUST_PROXY=true: the one proxy in front', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({
      TRUST_PROXY: 'true',
      LOGIN_MAX_FAILURES: String(MAX_FAILURES),
      API_RATE_LIMIT: '4',
    });
  });

  afterAll(async () => {
    await t.close();
  });

  const viaProxy = (client: string) => `${fake()}, ${client}`;

  it('locks out the address the proxy saw, however the client rotates what it writes before it', async () => {
    const { email } = await register(t.http);
    const statuses: number[] = [];
    for (let i = 0; i < MAX_FAILURES + 3; i++) {
      const response = await t.http
        .post('/auth/login')
        .set('x-forwarded-for', viaProxy('192.0.2.10'))
        .send({ email, password: 'wrong password!' });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    await t.http
      .post('/auth/login')
      .set('x-forwarded-for', viaProxy('192.0.2.10'))
      .send({ email, password: PASSWORD })
      .expect(429);
  });

  it('records the address the proxy saw on the session', async () => {
    const { email } = await register(t.http);
    const response = await t.http
      .post('/auth/login')
      .set('x-forwarded-for', viaProxy('192.0.2.11'))
      .send({ email, password: PASSWORD })
      .expect(200);
    const sessions = await t.http.get('/auth/sessions').set('authorization', `Bearer ${response.body.token}`);
    expect(sessions.body[0].ip).toBe('192.0.2.11');
  });

  it('records the address the proxy saw in the audit trail', async () => {
    const { id, email } = await register(t.http);
    await loginFrom(t.http, '203.0.113.7', email, PASSWORD).expect(200);
    const staff = await admin(t.http);
    expect((await auditEvents(t.http, staff, `userId=${id}`))[0].ip).toBe('203.0.113.7');
  });

  it('never takes a malformed X-Forwarded-For entry for an address (no 500, no junk stored)', async () => {
    const { email } = await register(t.http);
    const cases: [string, string][] = [
      [`192.0.2.13, ${'z'.repeat(100)}`, '192.0.2.13'],
      [`fe80::1%${'a'.repeat(100)}`, 'fe80::1'],
      ['nonsense', '127.0.0.1'],
    ];
    for (const [index, [forwarded, expected]] of cases.entries()) {
      const response = await t.http
        .post('/auth/login')
        .set('x-forwarded-for', forwarded)
        .send({ email, password: PASSWORD })
        .expect(200);
      const sessions = await t.http
        .get('/auth/sessions')
        .set('authorization', `Bearer ${response.body.token}`)
        // An address of its own for each look: API_RATE_LIMIT is tiny in this app.
        .set('x-forwarded-for', `192.0.2.${100 + index}`)
        .expect(200);
      expect(sessions.body.find((s: { current: boolean }) => s.current).ip).toBe(expected);
    }
  });

  it('counts chat sends by the same rule: the socket and HTTP share one counter per real client', async () => {
    const url = await listen(t);
    const me = await patient(t.http);
    for (let i = 0; i < 4; i++) {
      await t.http
        .get('/api/doctors')
        .set(me.auth)
        .set('x-forwarded-for', viaProxy('192.0.2.12'))
        .expect(200);
    }
    const socket = await connected(
      chatSocket(url, {
        auth: { token: me.token },
        extraHeaders: { 'x-forwarded-for': viaProxy('192.0.2.12') },
      }),
    );
    try {
      await expect(socket.emitWithAck('message:send', { body: 'hola' })).resolves.toMatchObject({
        error: { code: 'TOO_MANY_ATTEMPTS' },
      });
    } finally {
      socket.close();
    }
  });
});

describe('TRUST_PROXY as a hop count or a list of proxies', () => {
  it('with 2 hops, takes the entry the second proxy saw', async () => {
    const t = await startApp({ TRUST_PROXY: '2' });
    try {
      const { email } = await register(t.http);
      const response = await t.http
        .post('/auth/login')
        .set('x-forwarded-for', `${fake()}, 192.0.2.20, 10.9.9.9`)
        .send({ email, password: PASSWORD })
        .expect(200);
      const sessions = await t.http
        .get('/auth/sessions')
        .set('authorization', `Bearer ${response.body.token}`);
      expect(sessions.body[0].ip).toBe('192.0.2.20');
    } finally {
      await t.close();
    }
  });

  it('with a list of proxy addresses and CIDRs, takes the right-most address that is not one of them', async () => {
    const t = await startApp({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' });
    try {
      const { email } = await register(t.http);
      const me = await login(t.http, email);
      const response = await t.http
        .post('/auth/login')
        .set('x-forwarded-for', `${fake()}, 192.0.2.21, 10.1.2.3, 10.4.5.6`)
        .send({ email, password: PASSWORD })
        .expect(200);
      const sessions = await t.http.get('/auth/sessions').set(me.auth).expect(200);
      const mine = sessions.body.find((s: { current: boolean }) => !s.current);
      expect(mine.ip).toBe('192.0.2.21');
      expect(response.body.email).toBe(email);
    } finally {
      await t.close();
    }
  });
});

describe('without TRUST_PROXY', () => {
  it('does not believe X-Forwarded-For: the audit trail has the connection’s address', async () => {
    const plain = await startApp();
    try {
      const { id, email } = await register(plain.http);
      await loginFrom(plain.http, '203.0.113.7', email, PASSWORD).expect(200);
      const boss = await admin(plain.http);
      const trail = await auditEvents(plain.http, boss, `userId=${id}`);
      expect(trail[0]).toMatchObject({ type: 'login_succeeded', ip: '127.0.0.1' });
    } finally {
      await plain.close();
    }
  });
});
