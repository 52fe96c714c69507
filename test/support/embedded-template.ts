import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { migrate } from '../../src/database/migrate.js';
import { oncePerRun, RUN_DIR } from './once-per-run.js';

/**
 * Puts a migrated embedded database into `dataDir` (unless it holds one already): a copy of one made once per run,
 * so a suite pays a file copy instead of PGlite's initdb (seconds each). The app still runs the migrations when it
 * starts, and finds nothing to do; `embedded-first-start.e2e-spec.ts` proves the real first start. Without the
 * run's folder, nothing is copied and the app creates its database itself.
 */
export async function copyMigratedDatabase(dataDir: string): Promise<void> {
  const runDir = RUN_DIR;
  if (!runDir || existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))) {
    return;
  }
  const template = join(runDir, 'pglite-template');
  await oncePerRun('pglite-template', () => build(runDir, template));
  cpSync(join(template, 'pgdata'), join(dataDir, 'pgdata'), { recursive: true });
}

let workerDataDirTaken = false;

/**
 * This worker's own embedded data folder, for its apps one after another, as the worker's database is on PostgreSQL
 * (a copy per app costs tens of megabytes written and removed). Null when an app of this file holds it, or when an
 * app of an earlier file never closed (its lock file is still there): the caller takes a folder of its own then.
 */
export function takeWorkerDataDir(): string | null {
  if (!RUN_DIR || workerDataDirTaken) {
    return null;
  }
  const dataDir = join(RUN_DIR, `worker-${process.env.JEST_WORKER_ID ?? '1'}`);
  if (existsSync(join(dataDir, 'embedded.pid'))) {
    return null;
  }
  workerDataDirTaken = true;
  return dataDir;
}

/** The app that took the worker's folder has closed. */
export function releaseWorkerDataDir(): void {
  workerDataDirTaken = false;
}

/** initdb and every migration, as the app's first start does them (PGlite closed before it is copied). */
async function build(runDir: string, template: string): Promise<void> {
  const staging = mkdtempSync(join(runDir, 'staging-'));
  try {
    const db = await EmbeddedPostgres.start(staging, 0, () => undefined);
    try {
      await migrate(db.url, true, 60_000);
    } finally {
      await db.stop();
    }
    renameSync(staging, template);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
