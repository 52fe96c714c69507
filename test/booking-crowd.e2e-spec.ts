import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { admin, listen, login, patient, register, startApp, type LoggedIn } from './helpers.js';
import { describeOnPostgres } from './support/describe-if.js';

/**
 * A crowd booking one slot at once, with real parallel transactions on a real PostgreSQL: one booking wins, every
 * other one is 409, nothing is 5xx, PostgreSQL sees no deadlock, and the instance serves normally right after.
 *
 * The crowd is fired from a process of its own (another core than the server). On this machine a commit takes
 * well under a millisecond, so a crowd rarely piles up behind a winner; in production a slow commit (disk, a busy
 * event loop) makes it pile up, and then the piled-up inserts wake together and deadlock in the exclusion
 * constraints. So each burst starts while an earlier booking of the slot, made by the test's own connection, is
 * still uncommitted; it is rolled back once the crowd waits behind it, and the slot goes to one of the crowd.
 * Without the fix that reproduced what production saw: 0 × 201 and 100 × 5xx in the first burst, 5xx in every one.
 */
const CROWD = 100;
const REPETITIONS = 5;
const HOUR = 3_600_000;

interface BurstRequest {
  method: 'post';
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Sends the requests all at once from another process (test/support/burst.js); their statuses. */
async function fire(url: string, requests: BurstRequest[]): Promise<number[]> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./support/burst.js', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify({ url, requests }));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  expect(code).toBe(0);
  return JSON.parse(output) as number[];
}

/** How many answers of each status, e.g. { 201: 1, 409: 99 }. */
type Outcome = Record<number, number>;

function outcomeOf(statuses: number[]): Outcome {
  const counts: Outcome = {};
  for (const status of statuses) {
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** The k-th 30-minute slot, days ahead. */
function slot(k: number): { startsAt: string; endsAt: string } {
  const startsAt = Math.floor((Date.now() + (48 + k) * HOUR) / 60_000) * 60_000;
  return {
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 30 * 60_000).toISOString(),
  };
}

/** One repetition: the crowd's requests, and the earlier booking of the same slot they meet. */
interface Burst {
  requests: BurstRequest[];
  earlier: { patientId: string; doctorId: string; startsAt: string; endsAt: string };
}

describeOnPostgres('a crowd booking at once', () => {
  /** The test's own connection: seeding, PostgreSQL's lock waits and deadlock counter. */
  let db: pg.Client;
  /** CROWD + 1 patients and doctors: the crowd, and one more of each for the earlier bookings. */
  let patients: LoggedIn[];
  let doctorIds: string[];

  /**
   * Seeds straight into the database (201 registrations and doctors through HTTP would dominate the run): rows
   * that reuse the password hash of one user registered through the API; then real logins over HTTP.
   */
  async function seed(
    rol: 'user' | 'doctor',
    passwordHash: string,
  ): Promise<{ id: string; email: string }[]> {
    const { rows } = await db.query<{ id: string; email: string }>(
      `INSERT INTO users (name, surname, email, password_hash, rol, specialty)
       SELECT 'Multitud', 'Prueba ' || i, 'crowd-' || $2 || '-' || i || '@vitalis.test', $1, $3::user_role,
              CASE WHEN $3 = 'doctor' THEN 'Cardiología' END
       FROM generate_series(0, ${CROWD}) AS i
       ORDER BY i
       RETURNING id, email`,
      [passwordHash, `${rol}-${randomUUID().slice(0, 8)}`, rol],
    );
    return rows;
  }

  async function deadlocks(): Promise<number> {
    const { rows } = await db.query<{ deadlocks: string }>(
      'SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(rows[0].deadlocks);
  }

  beforeAll(async () => {
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const setup = await startApp();
    try {
      const { id } = await register(setup.http);
      const { rows } = await db.query<{ hash: string }>(
        'SELECT password_hash AS hash FROM users WHERE id = $1',
        [id],
      );
      const seeded = await seed('user', rows[0].hash);
      doctorIds = (await seed('doctor', rows[0].hash)).map((doctor) => doctor.id);
      patients = [];
      for (let i = 0; i < seeded.length; i += 20) {
        patients.push(
          ...(await Promise.all(seeded.slice(i, i + 20).map(({ email }) => login(setup.http, email)))),
        );
      }
    } finally {
      await setup.close();
    }
  });

  afterAll(async () => {
    await db.end();
  });

  /** Waits until at least `count` connections of this database wait on a lock (at most 5 s). */
  async function lockWaiters(count: number): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const { rows } = await db.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0].waiting >= count) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Fires each burst at a fresh instance while its earlier booking is uncommitted; while the crowd waits, another
   * user sends 20 requests at once; then the earlier booking is rolled back. After the bursts, 20 more requests at
   * once. The instance is closed before this returns: its connections have ended, so PostgreSQL has counted every
   * deadlock they saw. Gives the bursts' outcomes, the statuses seen during and after them, and the app's log.
   */
  async function onFreshInstance(
    bursts: Burst[],
  ): Promise<{ outcomes: Outcome[]; during: number[]; after: number[]; log: string }> {
    const log = new PassThrough();
    let logText = '';
    log.on('data', (chunk: Buffer) => (logText += chunk.toString()));
    // The upcoming-appointments limit has tests of its own; here one patient may hold many bookings.
    const t = await startApp(
      { LOG_LEVEL: 'warn', MAX_UPCOMING_APPOINTMENTS_PER_PATIENT: '1000' },
      undefined,
      log,
    );
    try {
      const url = await listen(t);
      const bystander = await patient(t.http);
      const outcomes: Outcome[] = [];
      const during: number[] = [];
      for (const { requests, earlier } of bursts) {
        const session = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await session.connect();
        try {
          await session.query('BEGIN');
          await session.query(
            'INSERT INTO appointments (patient_id, doctor_id, starts_at, ends_at) VALUES ($1, $2, $3, $4)',
            [earlier.patientId, earlier.doctorId, earlier.startsAt, earlier.endsAt],
          );
          const statuses = fire(url, requests);
          // Someone waits on the earlier booking: give the rest of the crowd a moment to pile up behind it.
          await lockWaiters(1);
          await new Promise((resolve) => setTimeout(resolve, 300));
          // Meanwhile the instance serves everybody else: the waiting crowd holds no pool connections.
          const meanwhile = await Promise.all(
            Array.from({ length: 20 }, () => t.http.get('/auth/me').set(bystander.auth)),
          );
          await session.query('ROLLBACK');
          outcomes.push(outcomeOf(await statuses));
          during.push(...meanwhile.map((response) => response.status));
        } finally {
          await session.end();
        }
      }
      const boss = await admin(t.http);
      // Right after the bursts, 20 ordinary requests at once all succeed: no connection was left poisoned.
      const after = await Promise.all(
        Array.from({ length: 20 }, (_, i) => t.http.get('/auth/me').set((i % 2 ? boss : patients[i]).auth)),
      );
      return { outcomes, during, after: after.map((response) => response.status), log: logText };
    } finally {
      await t.close();
    }
  }

  const booking = (who: LoggedIn, body: Record<string, unknown>): BurstRequest => ({
    method: 'post',
    path: '/api/appointments',
    headers: who.auth,
    body,
  });

  async function expectOneWinnerEachTime(bursts: Burst[]): Promise<void> {
    const before = await deadlocks();
    const result = await onFreshInstance(bursts);
    expect(result.outcomes).toEqual(Array.from({ length: REPETITIONS }, () => ({ 201: 1, 409: CROWD - 1 })));
    expect(outcomeOf(result.during)).toEqual({ 200: 20 * REPETITIONS });
    expect(result.after).toEqual(Array(20).fill(200));
    expect(result.log).not.toMatch(/deadlock/i);
    expect((await deadlocks()) - before).toBe(0);
  }

  it(`${CROWD} patients booking one slot of one doctor, ${REPETITIONS} times: one 201 and 409s each time`, async () => {
    const doctorId = doctorIds[0];
    await expectOneWinnerEachTime(
      Array.from({ length: REPETITIONS }, (_, k) => ({
        requests: patients.slice(0, CROWD).map((p) => booking(p, { doctorId, ...slot(k) })),
        earlier: { patientId: patients[CROWD].id, doctorId, ...slot(k) },
      })),
    );
  });

  it(`one patient booking ${CROWD} doctors at the same time, ${REPETITIONS} times: one 201 and 409s each time`, async () => {
    const me = patients[CROWD];
    await expectOneWinnerEachTime(
      Array.from({ length: REPETITIONS }, (_, k) => ({
        requests: doctorIds.slice(0, CROWD).map((doctorId) => booking(me, { doctorId, ...slot(10 + k) })),
        earlier: { patientId: me.id, doctorId: doctorIds[CROWD], ...slot(10 + k) },
      })),
    );
  });
});
