import { Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { dataSourceOptions } from './data-source-options.js';
import { EmbeddedPostgres } from './embedded-postgres.js';

/** Starts the embedded engine when DATABASE_URL is unset, and stops it after TypeORM has closed its pool. */
@Injectable()
export class DatabaseServer implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded: EmbeddedPostgres | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async url(): Promise<string> {
    if (this.config.databaseUrl) {
      return this.config.databaseUrl;
    }
    this.embedded ??= await EmbeddedPostgres.start(this.config.dataDir, this.config.embeddedDbPort, (line) =>
      this.logger.log(line),
    );
    return this.embedded.url;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
    this.embedded = null;
  }
}

@Module({ providers: [DatabaseServer], exports: [DatabaseServer] })
class DatabaseServerModule {}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      imports: [DatabaseServerModule],
      inject: [APP_CONFIG, DatabaseServer],
      useFactory: async (config: AppConfig, server: DatabaseServer) =>
        dataSourceOptions(await server.url(), config.databaseUrl === null, {
          connectMs: config.dbConnectTimeoutMs,
          queryMs: config.dbQueryTimeoutMs,
        }),
    }),
  ],
})
export class DatabaseModule {}
