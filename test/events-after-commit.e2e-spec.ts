import pg from 'pg';
import { admin, listen, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { describeIf } from './support/describe-if.js';
import { REDIS_URL, reachable } from './support/redis.js';
import { chatSocket, connected, type ClientSocket } from './support/sockets.js';

/**
 * Signals between instances leave only after the change they announce has committed. A socket dropped because its
 * user was disabled reconnects at once, as a real client does: if the drop left before the COMMIT, the handshake
 * read the user as still active and the socket stayed, hearing the staff, until its token expired.
 *
 * A deferred trigger makes every revoking transaction take 200 ms to commit, so each trial lands in that window
 * (before, 2 of 330 untimed trials did): without it the race is real but rare.
 */
const postgres = Boolean(process.env.DATABASE_URL);
const redis = postgres && (await reachable(REDIS_URL));

const TRIALS = 200;
const AT_ONCE = 50;

const SLOW_COMMIT = `
  CREATE OR REPLACE FUNCTION test_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN PERFORM pg_sleep(0.2); RETURN NULL; END $$;
  DROP TRIGGER IF EXISTS test_slow_commit ON sessions;
  CREATE CONSTRAINT TRIGGER test_slow_commit AFTER UPDATE ON sessions DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL) EXECUTE FUNCTION test_slow_commit();`;
const FAST_COMMIT = `DROP TRIGGER IF EXISTS test_slow_commit ON sessions; DROP FUNCTION IF EXISTS test_slow_commit();`;

type Outcome = 'refused' | 'dropped again' | 'stayed';

/**
 * A socket that, when the server drops it, reconnects at once; resolves with how that went. A socket let back in
 * is given 2 s to be dropped again (only a failing run waits for it).
 */
function reconnectingAtOnce(socket: ClientSocket): Promise<Outcome> {
  return new Promise((resolve) => {
    socket.once('disconnect', () => {
      socket.once('connect_error', () => resolve('refused'));
      socket.once('connect', () => {
        const stayed = setTimeout(() => resolve('stayed'), 2000);
        socket.once('disconnect', () => {
          clearTimeout(stayed);
          resolve('dropped again');
        });
      });
      socket.connect();
    });
  });
}

function afterCommitSuite(env: Record<string, string>): () => void {
  return () => {
    let a: TestApp;
    let b: TestApp;
    let urlA: string;
    let staff: LoggedIn;
    let db: pg.Client;
    const sockets: ClientSocket[] = [];

    beforeAll(async () => {
      a = await startApp(env);
      b = await startApp(env);
      urlA = await listen(a);
      await listen(b);
      staff = await admin(b.http);
      db = new pg.Client({ connectionString: a.config.databaseUrl! });
      await db.connect();
      await db.query(SLOW_COMMIT);
    });

    afterAll(async () => {
      sockets.forEach((socket) => socket.close());
      await db?.query(FAST_COMMIT);
      await db?.end();
      await Promise.all([a?.close(), b?.close()]);
    });

    /** One user with a socket on A, disabled by an admin through B; how the socket's reconnection went. */
    async function trial(): Promise<Outcome> {
      const me = await patient(a.http);
      const socket = chatSocket(urlA, { auth: { token: me.token } });
      sockets.push(socket);
      await connected(socket);
      const outcome = reconnectingAtOnce(socket);
      await b.http.patch(`/api/users/${me.id}`).set(staff.auth).send({ isActive: false }).expect(200);
      return outcome;
    }

    it(`a socket of a user disabled on another instance cannot come back by reconnecting at once (${TRIALS} trials)`, async () => {
      const outcomes: Outcome[] = [];
      for (let round = 0; round < TRIALS / AT_ONCE; round++) {
        outcomes.push(...(await Promise.all(Array.from({ length: AT_ONCE }, trial))));
      }
      expect(outcomes.filter((outcome) => outcome === 'stayed')).toHaveLength(0);
      expect(outcomes).toHaveLength(TRIALS);
    });
  };
}

const noPostgres = 'set DATABASE_URL to a real PostgreSQL: the embedded engine serves one instance';

describeIf(postgres, noPostgres)('events after commit, over PostgreSQL LISTEN/NOTIFY', afterCommitSuite({}));
describeIf(redis, postgres ? `no Redis answers at ${REDIS_URL}` : noPostgres)(
  'events after commit, over Redis',
  afterCommitSuite({ REDIS_URL }),
);
