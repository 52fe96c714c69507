import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pageStatement } from '../src/appointments/appointment-list.js';
import type { ListAppointmentsQueryDto } from '../src/appointments/dto/list-appointments-query.dto.js';
import type { AuthUser } from '../src/auth/auth-user.js';
import { migrate } from '../src/database/migrate.js';

const DOCTORS = 50;
const RUNS = 60;

/** A throwaway database of `appointments` rows (50 doctors, a patient per 10 appointments), vacuumed and analyzed. */
async function clinic(
  server: URL,
  appointments: number,
): Promise<{ db: pg.Client; drop: () => Promise<void> }> {
  const name = `vitalis_bench_${appointments}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  await migrate(url.toString(), false, 10_000);
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  const patients = Math.max(100, appointments / 10);
  await db.query(
    `INSERT INTO users (name, surname, email, password_hash, rol, specialty)
     SELECT 'Doctor', 'D' || i, 'doctor' || i || '@bench.test', 'x', 'doctor', 'Cardiología'
     FROM generate_series(0, ${DOCTORS - 1}) i`,
  );
  await db.query(
    `INSERT INTO users (name, surname, email, password_hash, rol)
     SELECT 'Paciente', 'P' || i, 'patient' || i || '@bench.test', 'x', 'user' FROM generate_series(0, ${patients - 1}) i`,
  );
  // Appointment k: doctor k % 50 at the (k / 50)-th half hour, patient k % patients: nobody is booked twice at once.
  await db.query(
    `WITH d AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE rol = 'doctor'),
          p AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE rol = 'user')
     INSERT INTO appointments (patient_id, doctor_id, starts_at, ends_at, status)
     SELECT p.id, d.id, t, t + interval '30 minutes',
            (ARRAY['scheduled', 'confirmed', 'completed', 'cancelled']::appointment_status[])[1 + k % 4]
     FROM generate_series(0, ${appointments - 1}) k
     CROSS JOIN LATERAL (SELECT timestamptz '2026-01-05 08:00Z' + (k / ${DOCTORS}) * interval '30 minutes' AS t) s
     JOIN d ON d.n = k % ${DOCTORS}
     JOIN p ON p.n = k % ${patients}`,
  );
  // Autovacuum may be off (it is on this machine's server): statistics and the visibility map by hand.
  await db.query('VACUUM ANALYZE');
  return {
    db,
    drop: async () => {
      await db.end();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The median time of each list statement, by scope and filter. */
async function medians(db: pg.Client): Promise<Map<string, number>> {
  const one = async (sql: string) => (await db.query<{ id: string }>(sql)).rows[0].id;
  const doctorId = await one(`SELECT id FROM users WHERE rol = 'doctor' LIMIT 1`);
  const patientId = await one(`SELECT id FROM users WHERE rol = 'user' LIMIT 1`);
  const who = (rol: AuthUser['rol'], id: string = randomUUID()): AuthUser => ({
    id,
    rol,
    locale: 'es',
    sessionId: randomUUID(),
    via: 'bearer',
  });
  const page = (filters: Partial<ListAppointmentsQueryDto> = {}) => ({ page: 1, limit: 20, ...filters });
  const week = { from: '2026-01-12T00:00:00Z', to: '2026-01-19T00:00:00Z' };
  const cases: [string, AuthUser, ListAppointmentsQueryDto][] = [
    ["patient's own", who('user', patientId), page()],
    ["doctor's own", who('doctor', doctorId), page()],
    ["doctor's week", who('doctor', doctorId), page(week)],
    ['admin, all', who('admin'), page()],
    ['admin ?doctorId', who('admin'), page({ doctorId })],
    ['admin ?patientId', who('admin'), page({ patientId })],
    ['admin ?status', who('admin'), page({ status: 'confirmed' })],
    ['admin, a week', who('admin'), page(week)],
  ];
  const result = new Map<string, number>();
  for (const [label, me, query] of cases) {
    const { text, params } = pageStatement(me, query);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await db.query(text, params);
      times.push(performance.now() - start);
    }
    result.set(label, times.sort((a, b) => a - b)[RUNS / 2]);
  }
  return result;
}

/**
 * `GET /api/appointments`'s statement at 1k and at 100k appointments, on PostgreSQL (issue 11's target: within 2× of
 * the 1k figure). Statement time from the client, one connection, a page of 20.
 */
export async function listQueries(databaseUrl: string): Promise<void> {
  const figures: Map<string, number>[] = [];
  for (const size of [1_000, 100_000]) {
    const { db, drop } = await clinic(new URL(databaseUrl), size);
    try {
      figures.push(await medians(db));
    } finally {
      await drop();
    }
  }
  console.log('\nGET /api/appointments statement, p50 of 60 (ms)   1k appts   100k appts   ratio');
  for (const [label, small] of figures[0]) {
    const large = figures[1].get(label)!;
    console.log(
      `  ${label.padEnd(44)} ${small.toFixed(2).padStart(8)} ${large.toFixed(2).padStart(12)} ${(large / small).toFixed(1).padStart(7)}x`,
    );
  }
}
