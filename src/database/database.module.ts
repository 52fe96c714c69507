import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { withRetries } from './connect-retry.js';
import { dataSourceOptions } from './data-source-options.js';
import { migrate } from './migrate.js';
import { EmbeddedPostgres } from './embedded-postgres.js';
import { dropUnfitConnections } from './pool-hygiene.js';

/** The embedded engine main.ts started while the modules loaded, if it did. */
const EARLY_EMBEDDED = Symbol('EARLY_EMBEDDED');

/** Starts the embedded engine when DATABASE_URL is unset, and stops it after TypeORM has closed its pool. */
@Injectable()
export class DatabaseServer implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded: EmbeddedPostgres | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EARLY_EMBEDDED) private readonly early: Promise<EmbeddedPostgres> | null,
  ) {}

  async url(): Promise<string> {
    if (this.config.databaseUrl) {
      return this.config.databaseUrl;
    }
    this.embedded ??= await (this.early ??
      EmbeddedPostgres.start(this.config.dataDir, this.config.embeddedDbPort, (line) =>
        this.logger.log(line),
      ));
    return this.embedded.url;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
    this.embedded = null;
  }
}

@Module({})
class DatabaseServerModule {
  static forRoot(early: Promise<EmbeddedPostgres> | null): DynamicModule {
    return {
      module: DatabaseServerModule,
      providers: [DatabaseServer, { provide: EARLY_EMBEDDED, useValue: early }],
      exports: [DatabaseServer],
    };
  }
}

/** Watches TypeORM's pool: a connection that comes back unfit (pool-hygiene.ts) is closed, never reused. */
@Injectable()
class PoolHygiene implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    dropUnfitConnections(pool, (message) => this.logger.warn(message));
  }
}

/** TypeORM on PostgreSQL from DATABASE_URL, or on the embedded engine (`early`: already starting). */
@Module({})
export class DatabaseModule {
  static forRoot(early?: Promise<EmbeddedPostgres>): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          imports: [DatabaseServerModule.forRoot(early ?? null)],
          inject: [APP_CONFIG, DatabaseServer],
          useFactory: async (config: AppConfig, server: DatabaseServer) => {
            const url = await server.url();
            const embedded = config.databaseUrl === null;
            const logger = new Logger('Database');
            const applied = await withRetries(
              () => migrate(url, embedded, config.dbConnectTimeoutMs),
              (line) => logger.warn(line),
            );
            if (applied.length > 0) {
              logger.log(`migrations applied: ${applied.join(', ')}`);
            }
            return {
              ...dataSourceOptions(url, embedded, {
                connectMs: config.dbConnectTimeoutMs,
                queryMs: config.dbQueryTimeoutMs,
              }),
              // The database answered the migrations a moment ago; retries (one line each) are withRetries' job.
              toRetry: () => false,
            };
          },
        }),
      ],
      providers: [PoolHygiene],
    };
  }
}
