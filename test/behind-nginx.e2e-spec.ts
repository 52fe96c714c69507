import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { freePort } from './support/built-server.js';
import { booking, fire, loginAll, outcomeOf, seedPeople, slot } from './support/crowd.js';
import { describeIf } from './support/describe-if.js';
import { doctor, login, type LoggedIn, patient, register, TEST_SECRET } from './support/helpers.js';
import { type Instances, startInstances } from './support/instances.js';
import { type Nginx, nginxInstalled, startNginx } from './support/nginx.js';
import { requestLoop } from './support/request-loop.js';
import { type ClientSocket, next, openAs, send } from './support/sockets.js';

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
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    instances = await startInstances(dir, 3, {
      NODE_ENV: 'production',
      DATABASE_URL: process.env.DATABASE_URL!,
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('warns at start-up, in production without REDIS_URL, that each instance counts the rate limits alone', () => {
    for (const address of instances.addresses) {
      expect(instances.log(address)).toContain('REDIS_URL is not set: rate limits');
    }
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

  it('deploy/rolling-restart.sh restarts all three, one at a time, under a steady request loop: no request fails', async () => {
    const me = await patient(http);
    const loop = requestLoop(`${nginx.base}/auth/me`, me.auth, 4);
    while (loop.answered() < 200) {
      await sleep(50);
    }
    const before = loop.answered();
    const script = spawn('bash', ['deploy/rolling-restart.sh', ...instances.addresses], {
      env: {
        ...process.env,
        UPSTREAMS: nginx.upstreams,
        NGINX_RELOAD: nginx.reloadCommand,
        RESTART: instances.restartCommand,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    script.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    script.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((done) => script.once('exit', done));
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
