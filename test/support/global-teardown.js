// Jest's global teardown: removes what the global setup made for this run.
import { rmSync } from 'node:fs';
import { dropWorkerDatabases } from './worker-databases.js';

export default async function globalTeardown() {
  if (process.env.VITALIS_TEST_RUN_DIR) {
    rmSync(process.env.VITALIS_TEST_RUN_DIR, { recursive: true, force: true });
  }
  if (process.env.DATABASE_URL && process.env.VITALIS_TEST_WORKER_DATABASES) {
    await dropWorkerDatabases(process.env.DATABASE_URL, Number(process.env.VITALIS_TEST_WORKER_DATABASES));
  }
}
