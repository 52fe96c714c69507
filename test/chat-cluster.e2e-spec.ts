import { admin, listen, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { describeIf } from './support/describe-if.js';
import { REDIS_URL, reachable } from './support/redis.js';
import { type ClientSocket, dropped, next, openAs } from './support/sockets.js';

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
