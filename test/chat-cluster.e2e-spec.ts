import { admin, listen, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { describeIf } from './support/describe-if.js';
import { REDIS_URL, reachable } from './support/redis.js';
import { type ClientSocket, dropped, next, openAs } from './support/sockets.js';
import { TcpProxy } from './support/tcp-proxy.js';

/**
 * Two instances of the app on different ports against one PostgreSQL: what is sent through one reaches the
 * sockets of the other, through the Socket.IO adapter (PostgreSQL LISTEN/NOTIFY, or Redis with REDIS_URL).
 * The embedded database serves one instance only, so these need a real PostgreSQL. Both instances run in this
 * process and are closed together, after the last test.
 */
const postgres = Boolean(process.env.DATABASE_URL);

const redis = postgres && (await reachable(REDIS_URL));

/** Two instances with this environment, and what crosses between them. */
function clusterSuite(env: Record<string, string>): () => void {
  return () => {
    let a: TestApp;
    let b: TestApp;
    let urlB: string;
    let staff: LoggedIn;
    const sockets: ClientSocket[] = [];

    const openOnB = (user: LoggedIn) => openAs(urlB, user, sockets);

    beforeAll(async () => {
      a = await startApp(env);
      b = await startApp(env);
      await listen(a);
      urlB = await listen(b);
      staff = await admin(a.http);
    });

    afterAll(async () => {
      sockets.forEach((socket) => socket.close());
      await Promise.all([a?.close(), b?.close()]);
    });

    it('a message sent through instance A reaches a socket on instance B', async () => {
      const me = await patient(a.http);
      const staffOnB = await openOnB(staff);
      const pushed = next(staffOnB, 'message:new');
      const response = await a.http.post('/api/messages').set(me.auth).send({ body: 'desde A' }).expect(201);
      await expect(pushed).resolves.toEqual(response.body);
    });

    it("an admin's reply through A reaches the patient's socket on B", async () => {
      const me = await patient(a.http);
      const mineOnB = await openOnB(me);
      const pushed = next(mineOnB, 'message:new');
      const response = await a.http
        .post('/api/messages')
        .set(staff.auth)
        .send({ body: 'respuesta desde A', userId: me.id })
        .expect(201);
      await expect(pushed).resolves.toEqual(response.body);
    });

    it('a logout through A drops the socket on B', async () => {
      const me = await patient(a.http);
      const gone = dropped(await openOnB(me));
      await a.http.post('/auth/logout').set(me.auth).expect(204);
      await expect(gone).resolves.toBe('io server disconnect');
    });
  };
}

const noPostgres = 'set DATABASE_URL to a real PostgreSQL: the embedded engine serves one instance';

describeIf(postgres, noPostgres)('chat across instances, over PostgreSQL LISTEN/NOTIFY', clusterSuite({}));
describeIf(redis, postgres ? `no Redis answers at ${REDIS_URL}` : noPostgres)(
  'chat across instances, over Redis',
  clusterSuite({ REDIS_URL }),
);

describeIf(postgres, noPostgres)('chat across instances, after the database went away and came back', () => {
  let proxy: TcpProxy;
  let a: TestApp;
  let b: TestApp;
  let urlB: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    let url: string;
    ({ proxy, url } = await TcpProxy.inFrontOf(process.env.DATABASE_URL!));
    const env = { DATABASE_URL: url, DB_CONNECT_TIMEOUT_MS: '1000', DB_QUERY_TIMEOUT_MS: '1000' };
    a = await startApp(env);
    b = await startApp(env);
    await listen(a);
    urlB = await listen(b);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    proxy.restore();
    await Promise.all([a?.close(), b?.close()]);
    await proxy?.close();
  });

  it('messages sent through A reach sockets on B again (the adapter’s LISTEN connection is replaced)', async () => {
    const staff = await admin(a.http);
    const me = await patient(a.http);
    for (let outage = 0; outage < 2; outage++) {
      proxy.cut();
      await a.http.get('/auth/me').set(me.auth).expect(503);
      proxy.restore();
      for (let tries = 0; (await b.http.get('/auth/me').set(staff.auth)).status !== 200; tries++) {
        expect(tries).toBeLessThan(40);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const staffOnB = await openAs(urlB, staff, sockets);
      // The adapters reconnect on their own within a few seconds: ask until a message crosses, for at most 15 s.
      let crossed = false;
      for (let tries = 0; tries < 15 && !crossed; tries++) {
        const pushed = next(staffOnB, 'message:new');
        await a.http
          .post('/api/messages')
          .set(me.auth)
          .send({ body: `tras el corte ${outage}` });
        crossed = await Promise.race([
          pushed.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000)),
        ]);
      }
      expect(crossed).toBe(true);
    }
  });
});
