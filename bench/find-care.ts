import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/env.js';
import { migrate } from '../src/database/migrate.js';

const DOCTORS = 50;
const WORKING_DAYS = 250;
const APPOINTMENTS = 100_000;
const RUNS = 60;

/**
 * A throwaway database of 50 cardiologists working Monday to Friday 09:00–17:00 in 30-minute slots (16 a day) for
 * the next 250 working days, half of those slots booked (100k appointments), vacuumed and analyzed.
 */
async function busyClinic(server: URL): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `vitalis_bench_care_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  await migrate(url.toString(), false, 10_000);
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  await db.query(
    `INSERT INTO users (name, surname, email, password_hash, rol, specialty)
     SELECT 'Doctor', 'D' || i, 'doctor' || i || '@bench.test', 'x', 'doctor', 'Cardiología'
     FROM generate_series(0, ${DOCTORS - 1}) i`,
  );
  await db.query(
    `INSERT INTO working_hours (doctor_id, weekday, start_time, end_time, slot_minutes)
     SELECT u.id, w, '09:00', '17:00', 30 FROM users u CROSS JOIN generate_series(1, 5) w WHERE u.rol = 'doctor'`,
  );
  await db.query(
    `INSERT INTO users (name, surname, email, password_hash, rol)
     SELECT 'Paciente', 'P' || i, 'patient' || i || '@bench.test', 'x', 'user' FROM generate_series(0, 9999) i`,
  );
  // Appointment k: doctor k % 50, every other slot of their working days in order; patient k % 10000 (25 days
  // between a patient's appointments: nobody is booked twice at once).
  await db.query(
    `WITH days AS (SELECT day, row_number() OVER (ORDER BY day) - 1 AS n
                     FROM generate_series(current_date + 1, current_date + 400, interval '1 day') day
                    WHERE extract(isodow FROM day) < 6 LIMIT ${WORKING_DAYS}),
          d AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE rol = 'doctor'),
          p AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE rol = 'user')
     INSERT INTO appointments (patient_id, doctor_id, starts_at, ends_at, status)
     SELECT p.id, d.id, t, t + interval '30 minutes', 'scheduled'
       FROM generate_series(0, ${APPOINTMENTS - 1}) k
       JOIN d ON d.n = k % ${DOCTORS}
       JOIN p ON p.n = k % 10000
       JOIN days ON days.n = (k / ${DOCTORS}) / 8
       CROSS JOIN LATERAL (SELECT (days.day::date + time '09:00' + ((k / ${DOCTORS}) % 8) * interval '1 hour')
                                    AT TIME ZONE 'Europe/Madrid' AS t) s`,
  );
  await db.query('VACUUM ANALYZE');
  await db.end();
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

/** GET /api/availability?specialty=cardiologia over HTTP against that clinic: p50 and p99 of 60 sequential calls. */
export async function findCare(databaseUrl: string): Promise<void> {
  const { url, drop } = await busyClinic(new URL(databaseUrl));
  const config = loadConfig({
    DATABASE_URL: url,
    NODE_ENV: 'production',
    MAIL_DISABLED: 'true',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-2026',
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT: '1000000',
    API_RATE_LIMIT: '1000000',
    BCRYPT_ROUNDS: '10',
  });
  const app = await createApp(config);
  try {
    await app.listen(0, '127.0.0.1');
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const json = { 'content-type': 'application/json' };
    const person = {
      name: 'Ana',
      surname: 'Bench',
      email: 'ana@bench.test',
      password: 'bench password 2026',
    };
    await fetch(`${base}/auth/register`, { method: 'POST', headers: json, body: JSON.stringify(person) });
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: person.email, password: person.password }),
    });
    if (!login.ok) {
      throw new Error(`bench login answered ${login.status} ${await login.text()}`);
    }
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const halfYear = new Date(Date.now() + 182 * 86_400_000).toISOString();
    console.log(
      `\nGET /api/availability?specialty=cardiologia&limit=10 (${DOCTORS} doctors × ${WORKING_DAYS} working days × 16 slots, ${APPOINTMENTS / 1000}k appointments; target p50 < 20 ms)`,
    );
    for (const [label, query] of [
      ['from now', ''],
      ['from in six months', `&from=${encodeURIComponent(halfYear)}`],
    ]) {
      const times: number[] = [];
      let slots = 0;
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const response = await fetch(`${base}/api/availability?specialty=cardiologia&limit=10${query}`, {
          headers,
        });
        if (!response.ok) {
          throw new Error(`GET /api/availability answered ${response.status} ${await response.text()}`);
        }
        slots = ((await response.json()) as unknown[]).length;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `  ${label.padEnd(20)} p50 ${percentile(times, 0.5).toFixed(1).padStart(6)} ms   p99 ${percentile(times, 0.99).toFixed(1).padStart(6)} ms   (${slots} slots)`,
      );
    }
  } finally {
    await app.close();
    await drop();
  }
}
