import { DataSource, MigrationExecutor } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

/** Any fixed number will do, as long as every instance uses the same one. */
const MIGRATION_LOCK = 74_843_101;

/**
 * Runs the pending migrations under a PostgreSQL advisory lock held on one connection for the whole run: of
 * instances starting together on one database, the first migrates and the others wait, then find nothing to do.
 * On its own short-lived connection with no statement or query timeout (a migration may rightly take long), so
 * the request pool's timeouts never cut one short. Answers the names of the migrations it applied.
 */
export async function migrate(url: string, embedded: boolean, connectMs: number): Promise<string[]> {
  const base = dataSourceOptions(url, embedded, { connectMs, queryMs: 0 });
  const dataSource = new DataSource({
    ...base,
    extra: { ...(base.extra as Record<string, unknown>), max: 1 },
  });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    // Ending the session releases the lock too; unlocking first lets a waiting instance go on at once.
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
