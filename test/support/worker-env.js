// Runs before each e2e file, in its worker: on PostgreSQL, DATABASE_URL becomes this worker's own database (made by
// global-setup.js), so files running at the same time in other workers never share one.
import { workerDatabaseUrl } from './worker-databases.js';

const workers = Number(process.env.VITALIS_TEST_WORKER_DATABASES ?? 0);
if (process.env.DATABASE_URL && workers > 0 && !process.env.VITALIS_TEST_DATABASE_URL_AS_GIVEN) {
  process.env.VITALIS_TEST_DATABASE_URL_AS_GIVEN = process.env.DATABASE_URL;
  process.env.DATABASE_URL = workerDatabaseUrl(process.env.DATABASE_URL, process.env.JEST_WORKER_ID ?? '1');
}
