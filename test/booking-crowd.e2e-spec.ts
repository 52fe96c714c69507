import pg from 'pg';
import { AppLog } from './support/app-log.js';
import {
  admin,
  listen,
  patient,
  register,
  startApp,
  type LoggedIn,
  type TestApp,
} from './support/helpers.js';
import {
  booking,
  type BurstRequest,
  fire,
  loginAll,
  type Outcome,
  outcomeOf,
  seedPeople,
  slot,
} from './support/crowd.js';
import { describeOnPostgres } from './support/describe-if.js';
import { untilLockWaiters } from './support/pg-locks.js';

/**
 * A crowd booking at once through two instances of the app on one real PostgreSQL, with real parallel
 * transactions: one booking wins, every other one is 409, nothing is 5xx, PostgreSQL sees no deadlock, both
 * instances serve normally right after, and the upcoming-appointments limit holds. Each instance's in-memory queue
 * only orders its own half of a crowd, so what keeps the two halves apart is the advisory locks (without
 * lockBookingsOf: a deadlock in every slot burst, and two 201s at the limit).
 *
 * The crowd is fired from a process of its own (another core than the servers). On this machine a commit takes
 * well under a millisecond, so a crowd rarely piles up behind a winner; in production a slow commit (disk, a busy
 * event loop) makes it pile up. So each burst starts while the test's own connection holds what the first booking
 * of each instance must wait for: an uncommitted booking of the same slot (rolled back once both wait, and the slot
 * goes to one of the crowd), or, at the limit, the patient's row (the insert's foreign-key check waits for it, after
 * the limit was counted). Without the locks that reproduced what production saw on one instance (0 × 201 and
 * 100 × 5xx in the first burst) and, with two instances, a deadlock in each burst and 6 of 5 upcoming bookings.
 */
const CROWD = 100;
const REPETITIONS = 5;

/** One repetition: the crowd's requests, and what the test's connection holds while they pile up. */
interface Burst {
  requests: BurstRequest[];
  hold: (session: pg.Client) => Promise<unknown>;
}

describeOnPostgres('a crowd booking at once through two instances', () => {
  /** The test's own connection: seeding, PostgreSQL's lock waits and deadlock counter. */
  let db: pg.Client;
  /** CROWD + 2 patients and CROWD + 1 doctors: the crowd, one more of each for the held bookings, one at the limit. */
  let patients: LoggedIn[];
  let doctorIds: string[];
  /** Every app of this file logs here, at warn: one log to search for what any instance said. */
  const log = new AppLog();
  const logged = { LOG_LEVEL: 'warn' };

  beforeAll(async () => {
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const query = async <T>(sql: string, params: unknown[]) => (await db.query(sql, params)).rows as T[];
    const setup = await startApp(logged, { logDestination: log });
    try {
      const template = await register(setup.http);
      patients = await loginAll(setup.http, await seedPeople(query, template, 'user', CROWD + 2));
      doctorIds = (await seedPeople(query, template, 'doctor', CROWD + 1)).map((doctor) => doctor.id);
    } finally {
      await setup.close();
    }
  });

  afterAll(async () => {
    await db.end();
  });

  async function deadlocks(): Promise<number> {
    const { rows } = await db.query<{ deadlocks: string }>(
      'SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0].deadlocks);
  }

  /**
   * Fires each burst at two fresh instances, every other request to the second one, while the test's connection
   * holds what the burst waits for; while the crowd waits, another user sends 20 requests at once (half to each
   * instance); then the hold is released. After the bursts, 20 more requests at once. The instances are closed
   * before this returns: their connections have ended, so PostgreSQL has counted every deadlock they saw. Gives the
   * bursts' outcomes, the statuses seen during and after them, and what the apps logged meanwhile.
   */
  async function onTwoFreshInstances(
    bursts: (urls: string[]) => Burst[],
    env: Record<string, string>,
  ): Promise<{ outcomes: Outcome[]; during: number[]; after: number[]; log: string }> {
    const mark = log.text.length;
    const instances: TestApp[] = [];
    try {
      // Two instances in one process on one database, as two processes would be.
      for (let i = 0; i < 2; i++) {
        instances.push(await startApp({ ...logged, ...env }, { logDestination: log }));
      }
      const urls = [await listen(instances[0]), await listen(instances[1])];
      const http = (i: number) => instances[i % 2].http;
      const bystander = await patient(http(0));
      const outcomes: Outcome[] = [];
      const during: number[] = [];
      for (const { requests, hold } of bursts(urls)) {
        const session = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await session.connect();
        try {
          await session.query('BEGIN');
          await hold(session);
          const statuses = fire(urls[0], requests);
          // The first booking of each instance waits: give the rest of the crowd a moment to pile up behind them.
          await untilLockWaiters(db, 2);
          await new Promise((resolve) => setTimeout(resolve, 300));
          // Meanwhile the instances serve everybody else: the waiting crowd holds no pool connections.
          const meanwhile = await Promise.all(
            Array.from({ length: 20 }, (_, i) => http(i).get('/auth/me').set(bystander.auth)),
          );
          await session.query('ROLLBACK');
          outcomes.push(outcomeOf(await statuses));
          during.push(...meanwhile.map((response) => response.status));
        } finally {
          await session.end();
        }
      }
      const boss = await admin(http(0));
      // Right after the bursts, 20 ordinary requests at once all succeed: no connection was left poisoned.
      const after = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          http(i)
            .get('/auth/me')
            .set((i % 4 < 2 ? boss : patients[i]).auth),
        ),
      );
      return { outcomes, during, after: after.map((response) => response.status), log: log.text.slice(mark) };
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  }

  /** An uncommitted booking of the slot by someone outside the crowd: the crowd's first bookings wait for it. */
  const earlierBooking =
    (patientId: string, doctorId: string, at: { startsAt: string; endsAt: string }) => (session: pg.Client) =>
      session.query(
        'INSERT INTO appointments (patient_id, doctor_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)',
        [patientId, doctorId, at.startsAt, at.endsAt],
      );

  async function expectEachTime(
    outcome: Outcome,
    bursts: (urls: string[]) => Burst[],
    env = {},
  ): Promise<void> {
    const before = await deadlocks();
    const result = await onTwoFreshInstances(bursts, env);
    expect(result.outcomes).toEqual(result.outcomes.map(() => outcome));
    expect(outcomeOf(result.during)).toEqual({ 200: 20 * result.outcomes.length });
    expect(result.after).toEqual(Array(20).fill(200));
    expect(result.log).not.toMatch(/deadlock/i);
    expect((await deadlocks()) - before).toBe(0);
  }

  // The upcoming-appointments limit is not what these two are about: one patient may hold many bookings here.
  const noLimit = { MAX_UPCOMING_APPOINTMENTS_PER_PATIENT: '1000' };

  it(`${CROWD} patients booking one slot of one doctor, ${REPETITIONS} times: one 201 and 409s each time`, async () => {
    const doctorId = doctorIds[0];
    await expectEachTime(
      { 201: 1, 409: CROWD - 1 },
      (urls) =>
        Array.from({ length: REPETITIONS }, (_, k) => ({
          requests: patients.slice(0, CROWD).map((p, i) => booking(p, { doctorId, ...slot(k) }, urls[i % 2])),
          hold: earlierBooking(patients[CROWD].id, doctorId, slot(k)),
        })),
      noLimit,
    );
  });

  it(`one patient booking ${CROWD} doctors at the same time, ${REPETITIONS} times: one 201 and 409s each time`, async () => {
    const me = patients[CROWD];
    await expectEachTime(
      { 201: 1, 409: CROWD - 1 },
      (urls) =>
        Array.from({ length: REPETITIONS }, (_, k) => ({
          requests: doctorIds
            .slice(0, CROWD)
            .map((doctorId, i) => booking(me, { doctorId, ...slot(10 + k) }, urls[i % 2])),
          hold: earlierBooking(me.id, doctorIds[CROWD], slot(10 + k)),
        })),
      noLimit,
    );
  });

  it(`a patient with 4 of 5 upcoming appointments booking ${CROWD} doctors at different times: one 201 and 422s`, async () => {
    const me = patients[CROWD + 1];
    for (let i = 0; i < 4; i++) {
      await earlierBooking(me.id, doctorIds[i], slot(100 + i))(db);
    }
    await expectEachTime({ 201: 1, 422: CROWD - 1 }, (urls) => [
      {
        requests: doctorIds
          .slice(0, CROWD)
          .map((doctorId, i) => booking(me, { doctorId, ...slot(200 + i) }, urls[i % 2])),
        hold: (session) => session.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [me.id]),
      },
    ]);
  });
});
