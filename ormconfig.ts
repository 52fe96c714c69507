import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/env.js';
import { loadEnvFiles } from './src/config/env-files.js';
import { dataSourceOptions } from './src/database/data-source-options.js';
import { EmbeddedPostgres } from './src/database/embedded-postgres.js';

/**
 * The DataSource the TypeORM CLI uses (npm run migration:generate|run|revert): DATABASE_URL when set, else the
 * embedded database in DATA_DIR (stop the server first: one process at a time may open it).
 */
loadEnvFiles();
const config = loadConfig();
const embedded = config.databaseUrl
  ? null
  : await EmbeddedPostgres.start(config.dataDir, config.embeddedDbPort, (line) =>
      process.stderr.write(`${line}\n`),
    );

class CliDataSource extends DataSource {
  override async destroy(): Promise<void> {
    await super.destroy();
    await embedded?.stop();
  }
}

export default new CliDataSource({
  // Migrations may run long: no query timeout here.
  ...dataSourceOptions(embedded?.url ?? config.databaseUrl!, embedded !== null, {
    connectMs: config.dbConnectTimeoutMs,
    queryMs: 0,
  }),
  migrationsRun: false,
});
