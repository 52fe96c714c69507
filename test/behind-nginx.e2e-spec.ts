import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { freePort } from './support/built-server.js';
import { booking, fire, loginAll, outcomeOf, seedPeople, slot } from './support/crowd.js';
import { describeIf } from './support/describe-if.js';
import { doctor, login, type LoggedIn, PASSWORD, patient, register, TEST_SECRET } from './support/helpers.js';
import { type Instances, startInstances } from './support/instances.js';
import { type Nginx, nginxInstalled, requestFrom, startNginx } from './support/nginx.js';
import { requestLoop } from './support/request-loop.js';
import { type ClientSocket, next, openAs, send } from './support/sockets.js';
import { TcpProxy } from './support/tcp-proxy.js';

/** Production refuses an admin key under 16 characters. */
const ADMIN_KEY = 'behind-nginx-admin-key';

const describeBehindNginx = describeIf(
  Boolean(process.env.DATABASE_URL) && nginxInstalled,
  'needs DATABASE_URL (three instances share one PostgreSQL) and nginx (.ci/run installs it)',
);

/**
 * Three production instances on one PostgreSQL behind nginx with deploy/nginx's configuration, everything through
 * the balancer: what one instance decides, the others honour; a chat message crosses instances; a crowd of bookings
 * gets one slot once; deploy/rolling-restart.sh restarts all three under load and no request fails.
 */
describeBehindNginx('three instances behind nginx', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vitalis-nginx-'));
  let instances: Instances;
  let nginx: Nginx;
  let http: TestAgent;
  let boss: LoggedIn;
  /** Between the instances and PostgreSQL, so a test can take the database away from all three. */
  let database: TcpProxy;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    const viaProxy = await TcpProxy.inFrontOf(process.env.DATABASE_URL!);
    database = viaProxy.proxy;
    instances = await startInstances(dir, 3, {
      NODE_ENV: 'production',
      // Mail is not what is tested here.
      MAIL_DISABLED: 'true',
      DATABASE_URL: viaProxy.url,
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_QUERY_TIMEOUT_MS: '1000',
      JWT_SECRET: TEST_SECRET,
      KEY_FOR_ADMIN: ADMIN_KEY,
      TRUST_PROXY: 'true',
      BCRYPT_ROUNDS: '10',
      // Every client of this file is one address: the limits are not what is tested here.
      AUTH_RATE_LIMIT: '1000000',
      API_RATE_LIMIT: '1000000',
      LOG_LEVEL: 'info',
    });
    nginx = await startNginx(dir, await freePort(), instances.addresses);
    http = request(nginx.base);
    const { email } = await register(http, { adminKey: ADMIN_KEY });
    boss = await login(http, email);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await nginx?.stop();
    instances?.stop();
    database?.restore();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns at start-up, in production without REDIS_URL, that each instance counts the rate limits alone', () => {
    for (const address of instances.addresses) {
      expect(instances.log(address)).toContain('REDIS_URL is not set: rate limits');
    }
  });

  it('knows each client by the address nginx saw, whatever it wrote in X-Forwarded-For: sessions and lock-outs', async () => {
    const { email } = await register(http);
    const login = (from: string, forged: string, password: string) =>
      requestFrom(from, `${nginx.base}/auth/login`, {
        method: 'POST',
        headers: { 'x-forwarded-for': forged },
        body: { email, password },
      });
    const mine = await login('127.0.0.2', '203.0.113.7', PASSWORD);
    expect(mine.status).toBe(200);
    const { token } = mine.body as { token: string };
    const sessions = await http.get('/auth/sessions').set('authorization', `Bearer ${token}`).expect(200);
    expect(sessions.body[0]).toMatchObject({ ip: '127.0.0.2' });

    // Wrong passwords from 127.0.0.3, each behind another made-up address: 127.0.0.3 is locked out...
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await login('127.0.0.3', `203.0.113.${10 + i}`, 'wrong password!')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // ...and no one else.
    await expect(login('127.0.0.4', '203.0.113.10', PASSWORD)).resolves.toMatchObject({ status: 200 });
  });

  it('a browser page of the API’s own origin opens the chat socket through the balancer; another site’s is refused', async () => {
    const me = await patient(http);
    const handshake = (origin: string) =>
      requestFrom('127.0.0.1', `${nginx.base}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
    // The first request a browser's Socket.IO client makes.
    await expect(handshake(nginx.base)).resolves.toMatchObject({ status: 200 });
    await expect(handshake('https://evil.test')).resolves.toMatchObject({ status: 403 });
    for (const transports of [['websocket'], ['polling']]) {
      await expect(
        openAs(nginx.base, me, sockets, { transports, extraHeaders: { origin: nginx.base } }),
      ).resolves.toHaveProperty('connected', true);
    }
  });

  it('while the database is away, each request gets one instance’s 503 with Retry-After, never resent to the others', async () => {
    const me = await patient(http);
    database.cut();
    try {
      for (let i = 0; i < 6; i++) {
        const during = await http.get('/auth/me').set(me.auth);
        expect({
          status: during.status,
          code: during.body.code,
          answeredBy: String(during.headers['x-upstream']).split(', ').length,
        }).toEqual({ status: 503, code: 'SERVICE_UNAVAILABLE', answeredBy: 1 });
        expect(Number(during.headers['retry-after'])).toBeGreaterThan(0);
      }
    } finally {
      database.restore();
    }
    for (let tries = 0; (await http.get('/auth/me').set(me.auth)).status !== 200; tries++) {
      expect(tries).toBeLessThan(40);
      await sleep(250);
    }
    // And the chat crosses instances again once their adapters have reconnected (within a few seconds).
    const staff = await Promise.all(
      instances.addresses.map((address) => openAs(`http://${address}`, boss, sockets)),
    );
    let heardBy = 0;
    for (let tries = 0; tries < 15 && heardBy < staff.length; tries++) {
      const heard = staff.map((socket) =>
        Promise.race([next(socket, 'message:new').then(() => 1), sleep(1000, 0)]),
      );
      await http.post('/api/messages').set(me.auth).send({ body: 'Tras el corte' });
      heardBy = (await Promise.all(heard)).reduce((sum, one) => sum + one, 0);
    }
    expect(heardBy).toBe(staff.length);
  });

  it('a logout through the balancer is refused by every instance at once', async () => {
    const me = await patient(http);
    await http.get('/auth/me').set(me.auth).expect(200);
    await http.post('/auth/logout').set(me.auth).expect(204);
    for (const address of instances.addresses) {
      await expect(request(`http://${address}`).get('/auth/me').set(me.auth)).resolves.toMatchObject({
        status: 401,
        body: { code: 'SESSION_REVOKED' },
      });
    }
    for (let i = 0; i < 6; i++) {
      await http.get('/auth/me').set(me.auth).expect(401);
    }
  });

  it('a chat message from a socket held through the balancer reaches staff sockets on every instance', async () => {
    // One staff socket held directly on each instance: two of them are on instances the patient's socket is not.
    const staff = await Promise.all(
      instances.addresses.map((address) => openAs(`http://${address}`, boss, sockets)),
    );
    for (const transports of [['websocket'], ['polling']]) {
      const me = await patient(http);
      const mine = await openAs(nginx.base, me, sockets, { transports });
      const heard = staff.map((socket) => next<{ body: string }>(socket, 'message:new'));
      const body = `Hola por ${transports[0]}`;
      await expect(send(mine, { body })).resolves.toMatchObject({ message: { body } });
      const bodies = (await Promise.all(heard)).map((message) => message.body);
      expect(bodies).toEqual([body, body, body]);

      // And back: a reply sent on each instance reaches the patient's socket behind the balancer.
      for (const socket of staff) {
        const reply = next<{ body: string }>(mine, 'message:new');
        await expect(send(socket, { body: 'Le atendemos', userId: me.id })).resolves.toHaveProperty(
          'message',
        );
        await expect(reply).resolves.toMatchObject({ body: 'Le atendemos' });
      }
    }
  });

  it('100 parallel bookings of one slot through the balancer: one 201, 99 409', async () => {
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    try {
      const template = await register(http);
      const people = await seedPeople(
        async <T>(sql: string, params: unknown[]) => (await db.query(sql, params)).rows as T[],
        template,
        'user',
        100,
      );
      const crowd = await loginAll(http, people);
      const doc = await doctor(http, boss);
      const statuses = await fire(
        nginx.base,
        crowd.map((who) => booking(who, { doctorId: doc.id, ...slot(1) })),
      );
      expect(outcomeOf(statuses)).toEqual({ 201: 1, 409: 99 });
    } finally {
      await db.end();
    }
  });

  /** deploy/rolling-restart.sh on `addresses`, with this test's nginx and restart command: its exit code and output. */
  async function rollingRestart(...addresses: string[]): Promise<{ code: number | null; output: string }> {
    const script = spawn('bash', ['deploy/rolling-restart.sh', ...addresses], {
      env: {
        ...process.env,
        UPSTREAMS: nginx.upstreams,
        NGINX_TEST: nginx.testCommand,
        NGINX_RELOAD: nginx.reloadCommand,
        RESTART: instances.restartCommand,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    script.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    script.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(script, 'exit')) as [number | null];
    return { code, output };
  }

  const stops = (address: string) => instances.log(address).match(/SIGTERM: finishing/g)?.length ?? 0;

  it('deploy/rolling-restart.sh restarts nothing when asked for an instance nginx does not balance', async () => {
    const stopsBefore = instances.addresses.map(stops);
    const run = await rollingRestart(instances.addresses[0], '127.0.0.1:1');
    expect(run).toMatchObject({ code: 1 });
    expect(run.output).toContain('127.0.0.1:1 is not a server in');
    expect(instances.addresses.map(stops)).toEqual(stopsBefore);
  });

  it('deploy/rolling-restart.sh restarts nothing when nginx refuses its configuration, and leaves the file as it was', async () => {
    const upstreams = readFileSync(nginx.upstreams, 'utf8');
    writeFileSync(nginx.upstreams, `${upstreams}\nnot_a_directive;\n`);
    try {
      const stopsBefore = instances.addresses.map(stops);
      const run = await rollingRestart(instances.addresses[0]);
      expect(run).toMatchObject({ code: 1 });
      expect(run.output).toContain('nginx refuses the configuration');
      expect(instances.addresses.map(stops)).toEqual(stopsBefore);
      expect(readFileSync(nginx.upstreams, 'utf8')).toBe(`${upstreams}\nnot_a_directive;\n`);
    } finally {
      writeFileSync(nginx.upstreams, upstreams);
    }
  });

  it('deploy/rolling-restart.sh restarts all three, one at a time, under a steady request loop: no request fails', async () => {
    const me = await patient(http);
    const loop = requestLoop(`${nginx.base}/auth/me`, me.auth, 4);
    while (loop.answered() < 200) {
      await sleep(50);
    }
    const before = loop.answered();
    const { code, output } = await rollingRestart(...instances.addresses);
    const during = loop.answered() - before;
    const after = loop.answered();
    while (loop.answered() < after + 200) {
      await sleep(50);
    }
    const tally = await loop.stop();

    expect({ code, output }).toMatchObject({ code: 0 });
    expect(tally.failures).toEqual([]);
    expect(Object.keys(tally.statuses)).toEqual(['200']);
    expect(during).toBeGreaterThan(500);
    for (const address of instances.addresses) {
      const log = instances.log(address);
      // Stopped once, cleanly, and serving again after its restart.
      expect(log.match(/SIGTERM: finishing in-flight requests/g)).toHaveLength(1);
      const restarted = log.slice(log.indexOf('SIGTERM: finishing'));
      expect(restarted).toMatch(/"url":"\/auth\/me".*"statusCode":200/);
    }
  });
});
