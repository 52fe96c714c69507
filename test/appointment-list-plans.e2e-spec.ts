import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { oneStatement, pageStatement } from '../src/appointments/appointment-list.js';
import type { Statement } from '../src/database/statement.js';
import type { ListAppointmentsQueryDto } from '../src/appointments/dto/list-appointments-query.dto.js';
import type { AuthUser } from '../src/auth/auth-user.js';
import { migrate } from '../src/database/migrate.js';
import { describeOnPostgres } from './support/describe-if.js';
import { planOf } from './support/plans.js';
import { scratchDatabase } from './support/scratch-database.js';

const DOCTORS = 50;
const PATIENTS = 10_000;
const APPOINTMENTS = 100_000;

/**
 * The list's statement at a clinic's size (issue 11): 100k appointments, 10k patients, 50 doctors, analyzed. Each
 * scope and filter reads its page from an index, never by scanning and sorting the appointments: plans, not times,
 * so the test holds on any machine. docs/PERFORMANCE.md has the plans and their timings.
 */
describeOnPostgres('the appointment list at 100k appointments', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let db: pg.Client;
  let doctorId: string;
  let patientId: string;
  let appointmentId: string;

  beforeAll(async () => {
    scratch = await scratchDatabase('vitalis_plans');
    await migrate(scratch.url, false, 10_000);
    db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    // Appointment k: doctor k % 50, the (k / 50)-th half hour; patient k % 10,000 (never two at once).
    await db.query(
      `INSERT INTO users (name, surname, email, password_hash, rol, specialty)
       SELECT 'Doctor', 'D' || i, 'doctor' || i || '@plans.test', 'x', 'doctor', 'Cardiología'
       FROM generate_series(0, ${DOCTORS - 1}) i`,
    );
    await db.query(
      `INSERT INTO users (name, surname, email, password_hash, rol)
       SELECT 'Paciente', 'P' || i, 'patient' || i || '@plans.test', 'x', 'user' FROM generate_series(0, ${PATIENTS - 1}) i`,
    );
    await db.query(
      `WITH d AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE rol = 'doctor'),
            p AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE rol = 'user')
       INSERT INTO appointments (patient_id, doctor_id, starts_at, ends_at, status)
       SELECT p.id, d.id, t, t + interval '30 minutes',
              (ARRAY['scheduled', 'confirmed', 'completed', 'cancelled']::appointment_status[])[1 + k % 4]
       FROM generate_series(0, ${APPOINTMENTS - 1}) k
       CROSS JOIN LATERAL (SELECT timestamptz '2026-01-05 08:00Z' + (k / ${DOCTORS}) * interval '30 minutes' AS t) s
       JOIN d ON d.n = k % ${DOCTORS}
       JOIN p ON p.n = k % ${PATIENTS}`,
    );
    await db.query('VACUUM ANALYZE');
    ({
      rows: [{ id: doctorId }],
    } = await db.query<{ id: string }>(`SELECT id FROM users WHERE rol = 'doctor' LIMIT 1`));
    ({
      rows: [{ id: patientId }],
    } = await db.query<{ id: string }>(`SELECT id FROM users WHERE rol = 'user' LIMIT 1`));
    ({
      rows: [{ id: appointmentId }],
    } = await db.query<{ id: string }>(`SELECT id FROM appointments WHERE patient_id = $1 LIMIT 1`, [
      patientId,
    ]));
  });

  afterAll(async () => {
    await db?.end();
    await scratch?.drop();
  });

  const plan = (statement: Statement) => planOf(db, statement);

  const who = (rol: AuthUser['rol'], id: string = randomUUID()): AuthUser => ({
    id,
    rol,
    locale: 'es',
    sessionId: randomUUID(),
    via: 'bearer',
  });
  const page = (filters: Partial<ListAppointmentsQueryDto> = {}, number = 1) => ({
    page: number,
    limit: 20,
    ...filters,
  });

  const cases: [string, () => Statement][] = [
    ["a patient's list", () => pageStatement(who('user', patientId), page())],
    ["a doctor's list", () => pageStatement(who('doctor', doctorId), page())],
    ["an admin's list", () => pageStatement(who('admin'), page())],
    ["an admin's list, page 500", () => pageStatement(who('admin'), page({}, 500))],
    ['an admin filtering by doctor', () => pageStatement(who('admin'), page({ doctorId }))],
    ['an admin filtering by patient', () => pageStatement(who('admin'), page({ patientId }))],
    [
      'an admin filtering by a week',
      () => pageStatement(who('admin'), page({ from: '2026-02-02T00:00:00Z', to: '2026-02-09T00:00:00Z' })),
    ],
    [
      "a doctor's week",
      () =>
        pageStatement(
          who('doctor', doctorId),
          page({ from: '2026-02-02T00:00:00Z', to: '2026-02-09T00:00:00Z' }),
        ),
    ],
  ];

  it.each(cases)(
    '%s reads its page from an index, sorting at most a page-sized handful',
    async (_, statement) => {
      const steps = await plan(statement());
      const page = steps.filter((step) => step.part === 'CTE page');
      expect(page.filter((step) => step['Relation Name'] === 'appointments').length).toBeGreaterThan(0);
      expect(page.filter((step) => step['Node Type'] === 'Seq Scan')).toEqual([]);
      // A sort only of what one person's few rows are (the planner's choice for ten rows), never of the table.
      expect(steps.filter((step) => step['Node Type'] === 'Sort' && step['Plan Rows'] > 100)).toEqual([]);
    },
  );

  it.each(cases.filter(([title]) => !title.startsWith("an admin's list")))(
    '%s counts from an index too',
    async (_, statement) => {
      const count = (await plan(statement())).filter((step) => step.part.startsWith('InitPlan'));
      expect(count.filter((step) => step['Relation Name'] === 'appointments').length).toBeGreaterThan(0);
      expect(count.filter((step) => step['Node Type'] === 'Seq Scan')).toEqual([]);
    },
  );

  it.each([
    ['its patient', () => who('user', patientId)],
    ['an admin', () => who('admin')],
  ])('one appointment, read by %s, is found by its primary key', async (_, reader) => {
    const steps = await plan(oneStatement(reader(), appointmentId));
    expect(steps.filter((step) => step['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(steps.some((step) => step['Index Name'] === 'PK_appointments')).toBe(true);
  });
});
