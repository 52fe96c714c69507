import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { Statement } from '../src/database/statement.js';
import { doctorListStatement, specialtiesStatement } from '../src/users/doctor-list.js';
import { startApp, type TestApp } from './support/helpers.js';
import { planThrough } from './support/plans.js';
import { scratchDatabase } from './support/scratch-database.js';

const USERS = 20_000;

/**
 * GET /api/doctors and GET /api/specialties at a clinic's size: 20k users, a doctor every 100th (some disabled or
 * deleted), twelve specialties. The folds (search-fold.ts) cannot use an index, so what keeps these lean is reaching
 * the doctors through the role index and folding only their rows: never a scan of every user. Plans, not times, on
 * both engines, in a database of this file's own (20k users must not crowd other files' lists).
 */
describe('the doctors list and the specialties at 20k users', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>> | undefined;
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      scratch = await scratchDatabase('vitalis_doctor_plans');
      t = await startApp({ DATABASE_URL: scratch.url });
    } else {
      t = await startApp({}, { dataDir: mkdtempSync(join(tmpdir(), 'vitalis-doctor-plans-')) });
    }
    db = t.app.get(DataSource);
    await db.query(
      `INSERT INTO users (name, surname, email, password_hash, rol, specialty, is_active, deleted_at)
       SELECT 'Persona', 'Pérez ' || i, 'user' || i || '@plans.test', 'x',
              (CASE WHEN i % 100 = 0 THEN 'doctor' ELSE 'user' END)::user_role,
              CASE WHEN i % 100 = 0 THEN (ARRAY['Cardiología', 'Dermatología', 'Pediatría', 'Neumología',
                'Oftalmología', 'Traumatología', 'Urología', 'Neurología', 'Ginecología', 'Psiquiatría',
                'Oncología', 'Radiología'])[1 + (i / 100) % 12] END,
              i % 700 <> 0, CASE WHEN i % 900 = 0 THEN now() END
       FROM generate_series(1, ${USERS}) i`,
    );
    await db.query('VACUUM ANALYZE users');
  });

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  const statements: [string, () => Statement][] = [
    ['every doctor', () => doctorListStatement({})],
    ['a specialty', () => doctorListStatement({ specialty: 'cardiologia' })],
    ['a search of two words', () => doctorListStatement({ search: 'perez 4200' })],
    ['a specialty and a search', () => doctorListStatement({ specialty: 'PEDIATRIA', search: 'pérez' })],
    ['the specialties', () => specialtiesStatement()],
  ];

  it.each(statements)('%s: doctors through the role index, never every user', async (_, statement) => {
    const steps = await planThrough(db, statement());
    expect(steps.filter((step) => step['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(steps.some((step) => step['Index Name'] === 'users_live_rol_created_idx')).toBe(true);
    // What is sorted or grouped is the doctors (about 200 rows here), not the users.
    expect(steps.filter((step) => step['Plan Rows'] > USERS / 20)).toEqual([]);
  });

  it('plans over the data it claims: twelve specialties, of the active doctors only', async () => {
    const rows = await db.query<{ doctors: number }[]>(specialtiesStatement().text);
    expect(rows).toHaveLength(12);
    const total = rows.reduce((sum, row) => sum + row.doctors, 0);
    // 200 doctors, less the disabled (i % 700 = 0) and the deleted (i % 900 = 0) among them.
    expect(total).toBe(200 - 28 - 22 + 3);
  });
});
