import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EMBEDDED_IN_USE } from './startup-errors.js';

const SHARED_BUFFERS = '16MB';

/**
 * The embedded default: real PostgreSQL (PGlite, compiled to WebAssembly) served on a loopback port,
 * so TypeORM talks to it with the same driver, SQL and migrations as to a real server.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockFile: string,
    readonly url: string,
  ) {}

  static async start(dataDir: string, port: number, log: (line: string) => void): Promise<EmbeddedPostgres> {
    const pgData = resolve(dataDir, 'pgdata');
    // PGlite does not create parent folders.
    mkdirSync(pgData, { recursive: true });
    const lockFile = takeLock(resolve(dataDir));
    try {
      const firstStart = !existsSync(join(pgData, 'PG_VERSION'));
      log(
        firstStart
          ? `Creating the embedded PostgreSQL (PGlite) in ${pgData}: the first start takes several seconds...`
          : `Starting the embedded PostgreSQL (PGlite) in ${pgData}...`,
      );
      const db = await PGlite.create({
        dataDir: pgData,
        extensions: { btree_gist, pgcrypto },
        // PGlite touches all of shared_buffers at start: PostgreSQL's default 128 MB doubled the process's RSS.
        // A development database fits in 16 MB; the operating system's cache holds the rest of its files.
        startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
      });
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 8 });
      await server.start();
      return new EmbeddedPostgres(
        db,
        server,
        lockFile,
        `postgres://postgres@${server.getServerConn()}/postgres`,
      );
    } catch (error) {
      rmSync(lockFile, { force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    rmSync(this.lockFile, { force: true });
  }
}

/** One process at a time may open the data folder: two would corrupt it. */
function takeLock(dataDir: string): string {
  const lockFile = join(dataDir, 'embedded.pid');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
      throw Object.assign(
        new Error(
          `the embedded database in ${dataDir} is in use by process ${pid} — stop it first, or set DATA_DIR or DATABASE_URL`,
        ),
        { code: EMBEDDED_IN_USE },
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return lockFile;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
