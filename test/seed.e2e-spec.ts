import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { DEMO_CLOSURE } from '../src/demo/demo-data.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildOnce } from './support/built-server.js';
import { copyMigratedDatabase } from './support/embedded-template.js';
import { login, startApp, type TestApp } from './support/helpers.js';
import { removeDemoClosure, seedDemoAccounts } from './support/demo.js';

describe('demo seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });

  afterAll(async () => {
    await removeDemoClosure(t);
    await t.close();
  });

  const run = () => seedDemoAccounts(t);

  it('creates an admin, two doctors with specialties and working hours, two patients with appointments; idempotent', async () => {
    const accounts = await run();
    expect(accounts.map((a) => a.rol).sort()).toEqual(['admin', 'doctor', 'doctor', 'user', 'user']);

    for (const account of accounts) {
      const session = await login(t.http, account.email, account.password);
      const me = await t.http.get('/auth/me').set(session.auth).expect(200);
      expect(me.body.rol).toBe(account.rol);
    }
    const admin = await login(t.http, 'admin@vitalis.example', accounts[0].password);
    const doctors = await t.http.get('/api/doctors').set(admin.auth).expect(200);
    expect(doctors.body.data.filter((d: { specialty: string }) => d.specialty).length).toBeGreaterThanOrEqual(
      2,
    );

    const patient = await login(t.http, 'paciente1@vitalis.example', accounts[3].password);
    const booked = await t.http.get('/api/appointments').set(patient.auth).expect(200);
    // Three booked by the clinic, and a follow-up their doctor booked.
    expect(booked.body.meta.total).toBe(4);
    // A seeded doctor, not the first of the list: other suites on the same database add doctors too.
    const seededDoctor = accounts.find((a) => a.rol === 'doctor')!;
    const { id: doctorId } = await login(t.http, seededDoctor.email, seededDoctor.password);
    const hours = await t.http.get(`/api/doctors/${doctorId}/working-hours`).set(admin.auth).expect(200);
    expect(hours.body.length).toBeGreaterThan(0);

    const again = await run();
    expect(again.every((a) => !a.created)).toBe(true);
    // A closed day and a doctor's afternoon away, made once however often the seed runs.
    const closures = await t.http.get('/api/closures').set(admin.auth).expect(200);
    expect(
      closures.body.filter((c: { label: string }) => c.label === 'Jornada de formación (demo)'),
    ).toHaveLength(1);
    // The first doctor's (the seeded doctor above).
    const absences = await t.http.get(`/api/doctors/${doctorId}/absences`).set(admin.auth).expect(200);
    const demoAway = absences.body.filter((a: { reason: string }) => a.reason === 'Congreso (demo)');
    expect(demoAway).toHaveLength(1);
    const still = await t.http.get('/api/appointments').set(patient.auth).expect(200);
    expect(still.body.meta.total).toBe(4);
  });
});

describe('npm run seed, as a process', () => {
  it('creates the accounts, exits 0 and prints no error on its way out', async () => {
    await buildOnce();
    const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-seed-'));
    if (!process.env.DATABASE_URL) {
      await copyMigratedDatabase(dataDir);
    }
    try {
      const run = spawnSync(process.execPath, [resolve('dist/src/seed.js')], {
        env: {
          PATH: process.env.PATH,
          DATA_DIR: dataDir,
          ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
          BCRYPT_ROUNDS: '4',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toContain('admin@vitalis.example');
    } finally {
      if (process.env.DATABASE_URL) {
        // The worker's database: the suites after this one must find the clinic open.
        const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await db.connect();
        await db.query(`DELETE FROM clinic_closures WHERE label = $1`, [DEMO_CLOSURE]);
        await db.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
