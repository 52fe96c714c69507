// Jest's global setup (jest.config.js allows one): runs once per `npm test`, before any worker starts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeEsmCopies from './esm-from-cjs.js';
import { recreateWorkerDatabases } from './worker-databases.js';

export default async function globalSetup(globalConfig) {
  await writeEsmCopies();
  // This run's shared folder: the migrated embedded database the suites copy (embedded-template.ts). Workers
  // inherit the environment, so they find it.
  process.env.VITALIS_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), 'vitalis-jest-'));
  // On PostgreSQL each worker gets a database of its own (worker-env.ts points DATABASE_URL at it): suites that
  // count rows, or listen for chat messages over LISTEN/NOTIFY, never see another worker's.
  if (process.env.DATABASE_URL && globalConfig.maxWorkers > 1) {
    await recreateWorkerDatabases(process.env.DATABASE_URL, globalConfig.maxWorkers);
    process.env.VITALIS_TEST_WORKER_DATABASES = String(globalConfig.maxWorkers);
  }
}
