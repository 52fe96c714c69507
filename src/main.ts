import 'reflect-metadata';
import { InvalidEnvError, loadConfig } from './config/env.js';
import { loadEnvFiles } from './config/env-files.js';
import type { AppConfig } from './config/app-config.js';
import type { EmbeddedPostgres } from './database/embedded-postgres.js';
import { describeStartupError } from './database/startup-errors.js';
import { BootLogger } from './logging/boot-logger.js';

/** In-flight requests get this long to finish after SIGTERM; then the process exits anyway (with 1). */
const SHUTDOWN_TIMEOUT_MS = 25_000;

async function bootstrap(): Promise<void> {
  let config;
  try {
    loadEnvFiles();
    config = loadConfig();
  } catch (error) {
    if (error instanceof InvalidEnvError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  const embedded = config.databaseUrl === null ? startEmbedded(config) : undefined;
  // Loaded only now, so the embedded database starts first: its WebAssembly compiles on other threads while this
  // one loads the application's modules (about a second saved on a warm start).
  const [{ createApp }, { Logger }] = await Promise.all([
    import('./app.factory.js'),
    import('@nestjs/common'),
  ]);
  const app = await createApp(config, { embedded }).catch((error: unknown) =>
    exitOnStartupError(error, config),
  );
  const logger = new Logger('Vitalis');

  // Graceful shutdown: readiness 503 and no new connection at once, every answer from then on closes its kept-alive
  // connection (health/draining.ts); in-flight requests finish; then the sockets, the pool and the embedded database
  // close (app.close() runs all of that, in that order), and the process exits 0.
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      return;
    }
    closing = true;
    logger.log(`${signal}: finishing in-flight requests, then exiting`);
    setTimeout(() => {
      logger.error(`still not closed after ${SHUTDOWN_TIMEOUT_MS} ms: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', error instanceof Error ? error.stack : String(error));
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  await app.listen(config.port, config.host).catch((error: unknown) => exitOnStartupError(error, config));
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const database = config.databaseUrl
    ? 'PostgreSQL from DATABASE_URL'
    : `embedded PostgreSQL in ${config.dataDir}`;
  logger.log(`API on ${url} (${database}); Swagger UI at ${url}/docs`);
}

/** The embedded database, starting; a failure is reported where the app awaits it, as any start-up error. */
function startEmbedded(config: AppConfig): Promise<EmbeddedPostgres> {
  const boot = new BootLogger(config.logLevel);
  const starting = import('./database/embedded-postgres.js').then(({ EmbeddedPostgres }) =>
    EmbeddedPostgres.start(config.dataDir, config.embeddedDbPort, (line) => boot.log(line, 'Database')),
  );
  starting.catch(() => undefined);
  return starting;
}

/** A failure a person can fix gets one line saying how, and exit 1; anything else keeps its stack trace. */
function exitOnStartupError(error: unknown, config: AppConfig): never {
  const problem = describeStartupError(error, config.databaseUrl, config.port);
  if (problem === null) {
    throw error;
  }
  process.stderr.write(`Vitalis cannot start: ${problem}\n`);
  process.exit(1);
}

void bootstrap();
