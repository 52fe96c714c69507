import pg from 'pg';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { slotAt } from './support/clock.js';
import { describeOnPostgres } from './support/describe-if.js';
import { lockWaiters } from './support/pg-locks.js';
import { TcpProxy } from './support/tcp-proxy.js';

/**
 * A query that times out inside a transaction must not leave its connection in the pool: not in a failed
 * transaction (every later query on it: 500 "current transaction is aborted"), and not in an open one (a later
 * request's COMMIT would commit the write that was answered 503). DB_QUERY_TIMEOUT_MS is 1 s here.
 */
let hoursAhead = 24;

/** A 30-minute slot of its own for each call, days ahead. */
function freshSlot(): { startsAt: string; endsAt: string } {
  hoursAhead += 1;
  return slotAt(hoursAhead);
}

describeOnPostgres('a database hiccup does not poison the pool', () => {
  /** The test's own connection to the same database, beside the app's pool. */
  let db: pg.Client;

  beforeAll(async () => {
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
  });

  async function bookingsOf(patientId: string): Promise<number> {
    const { rows } = await db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM appointments WHERE patient_id = $1',
      [patientId],
    );
    return rows[0].count;
  }

  /** Waits until no query of this database is running (the one that was stuck has ended, one way or another). */
  async function settled(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const { rows } = await db.query<{ busy: number }>(
        `SELECT count(*)::int AS busy FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
      );
      if (rows[0].busy === 0) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Let the app read what its connection was sent.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  /** Another user's ordinary requests, one after the other (reads and transactional writes): their statuses. */
  async function nextRequests(t: TestApp, other: LoggedIn, doc: LoggedIn): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await t.http.get('/auth/me').set(other.auth)).status);
      statuses.push(
        (
          await t.http
            .post('/api/appointments')
            .set(other.auth)
            .send({ doctorId: doc.id, ...freshSlot() })
        ).status,
      );
      statuses.push((await t.http.get('/api/appointments').set(other.auth)).status);
      statuses.push(
        (
          await t.http
            .post('/api/messages')
            .set(other.auth)
            .send({ body: `hola ${i}` })
        ).status,
      );
    }
    statuses.push((await t.http.get('/health/ready')).status);
    return statuses;
  }

  function expect503(response: { status: number; body: { code?: string }; headers: Record<string, string> }) {
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  }

  describe('a booking stuck behind another transaction until it times out', () => {
    let t: TestApp;
    let boss: LoggedIn;

    beforeAll(async () => {
      t = await startApp({ DB_QUERY_TIMEOUT_MS: '1000' });
      boss = await admin(t.http);
    });

    afterAll(async () => {
      await t.close();
    });

    /** Another session holds an uncommitted booking of the slot; the API books it (503), then the other ends. */
    async function stuckBooking(
      end: 'ROLLBACK' | 'COMMIT',
    ): Promise<{ me: LoggedIn; other: LoggedIn; doc: LoggedIn }> {
      const [me, other, holder, doc] = await Promise.all([
        patient(t.http),
        patient(t.http),
        patient(t.http),
        doctor(t.http, boss),
      ]);
      const slot = freshSlot();
      const session = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await session.connect();
      try {
        await session.query('BEGIN');
        await session.query(
          'INSERT INTO appointments (patient_id, doctor_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)',
          [holder.id, doc.id, slot.startsAt, slot.endsAt],
        );
        expect503(
          await t.http
            .post('/api/appointments')
            .set(me.auth)
            .send({ doctorId: doc.id, ...slot }),
        );
        // PostgreSQL cancelled the stuck INSERT itself (statement_timeout): nothing waits on the held row any more.
        expect(await lockWaiters(db)).toBe(0);
        await session.query(end);
      } finally {
        await session.end();
      }
      await settled();
      return { me, other, doc };
    }

    it('ended by ROLLBACK: the booking answered 503 stays uncommitted and the next requests all succeed', async () => {
      const { me, other, doc } = await stuckBooking('ROLLBACK');
      const statuses = await nextRequests(t, other, doc);
      expect(statuses.filter((status) => status >= 300)).toEqual([]);
      expect(await bookingsOf(me.id)).toBe(0);
    });

    it('ended by COMMIT: the next requests all succeed (no 500 "current transaction is aborted")', async () => {
      const { me, other, doc } = await stuckBooking('COMMIT');
      const statuses = await nextRequests(t, other, doc);
      expect(statuses.filter((status) => status >= 300)).toEqual([]);
      expect(await bookingsOf(me.id)).toBe(0);
    });
  });

  describe('a query stalled on the network mid-transaction', () => {
    let proxy: TcpProxy;
    let t: TestApp;
    let boss: LoggedIn;

    beforeAll(async () => {
      let url: string;
      ({ proxy, url } = await TcpProxy.inFrontOf(process.env.DATABASE_URL ?? ''));
      t = await startApp({
        DATABASE_URL: url,
        DB_CONNECT_TIMEOUT_MS: '1000',
        DB_QUERY_TIMEOUT_MS: '1000',
      });
      boss = await admin(t.http);
    });

    afterAll(async () => {
      proxy.restore();
      await t?.close();
      await proxy?.close();
    });

    it('its connection is dropped: the booking answered 503 is never committed and the next requests all succeed', async () => {
      const [me, other, doc] = await Promise.all([patient(t.http), patient(t.http), doctor(t.http, boss)]);
      proxy.stallQuery('INSERT INTO "appointments"');
      expect503(
        await t.http
          .post('/api/appointments')
          .set(me.auth)
          .send({ doctorId: doc.id, ...freshSlot() }),
      );
      proxy.restore();
      await settled();

      const statuses = await nextRequests(t, other, doc);
      expect(statuses.filter((status) => status >= 300)).toEqual([]);
      expect(await bookingsOf(me.id)).toBe(0);
    });
  });
});
