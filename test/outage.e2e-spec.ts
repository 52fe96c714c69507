import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { describeIf } from './support/describe-if.js';
import { TcpProxy } from './support/tcp-proxy.js';

/**
 * The app behind a TCP proxy to a real PostgreSQL that the test cuts and stalls. DATABASE_URL's server, else the
 * machine's PostgreSQL on 127.0.0.1:5432 in a throwaway database; skipped only when neither answers.
 */
const FALLBACK_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

async function throwawayDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, drop: () => Promise.resolve() };
  }
  const admin = new pg.Client({ connectionString: FALLBACK_SERVER, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `vitalis_outage_${randomUUID().slice(0, 8)}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(FALLBACK_SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new pg.Client({ connectionString: FALLBACK_SERVER });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

const database = await throwawayDatabase();

/** Asks until the answer has this status (the pool may still hold a connection that died), at most `tries`. */
async function eventually(
  ask: () => Promise<{ status: number }>,
  status: number,
  tries = 40,
): Promise<{ status: number }> {
  let last = await ask();
  for (let i = 1; i < tries && last.status !== status; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await ask();
  }
  return last;
}

const describeWithServer = describeIf(
  database !== null,
  `no DATABASE_URL and no PostgreSQL answers at ${FALLBACK_SERVER}`,
);

describeWithServer('database outage', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  let me: LoggedIn;

  beforeAll(async () => {
    let url: string;
    ({ proxy, url } = await TcpProxy.inFrontOf(database!.url));
    t = await startApp({
      DATABASE_URL: url,
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_QUERY_TIMEOUT_MS: '1000',
    });
    me = await patient(t.http);
  });

  afterAll(async () => {
    proxy.restore();
    await t?.close();
    await proxy?.close();
    await database!.drop();
  });

  const writeMessage = (body: string) => t.http.post('/api/messages').set(me.auth).send({ body });

  it.each([
    ['unreachable', () => proxy.cut()],
    ['stalled', () => proxy.stall()],
  ])(
    'while PostgreSQL is %s: 503 with Retry-After, ready 503, live 200; then serves again',
    async (_how, fail) => {
      const before = await writeMessage(`before ${_how}`).expect(201);

      fail();
      const during = await t.http.get('/auth/me').set(me.auth);
      expect(during.status).toBe(503);
      expect(during.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(Number(during.headers['retry-after'])).toBeGreaterThan(0);
      const write = await writeMessage(`during ${_how}`);
      expect(write.status).toBe(503);
      await t.http.get('/health/ready').expect(503);
      await t.http.get('/health').expect(200);

      proxy.restore();
      await expect(eventually(() => t.http.get('/auth/me').set(me.auth), 200)).resolves.toMatchObject({
        status: 200,
      });
      await t.http.get('/health/ready').expect(200);
      const after = await writeMessage(`after ${_how}`).expect(201);
      const thread = await t.http.get('/api/messages/mine?limit=100').set(me.auth).expect(200);
      const ids = (thread.body as { id: string }[]).map((message) => message.id);
      // Every acknowledged write is there; the refused one was never acknowledged.
      expect(ids).toEqual(expect.arrayContaining([before.body.id, after.body.id]));
    },
  );
});
