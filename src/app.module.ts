import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AccountsModule } from './accounts/accounts.module.js';
import { ClosuresModule } from './closures/closures.module.js';
import { AppointmentsModule } from './appointments/appointments.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { JwtAuthGuard } from './auth/jwt-auth.guard.js';
import { RolesGuard } from './auth/roles.guard.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { RateLimitGuard } from './rate-limit/rate-limit.guard.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { LoggingModule } from './logging/logging.module.js';
import type { Logger } from 'pino';
import { createValidationPipe } from './common/validation.js';
import type { Clock } from './common/clock.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import type { EmbeddedPostgres } from './database/embedded-postgres.js';
import { HealthModule } from './health/health.module.js';
import { MessagesModule } from './messages/messages.module.js';
import { UsersModule } from './users/users.module.js';

/** The request pipeline is registered here as APP_* providers, so tests get exactly what production gets. */
@Module({})
export class AppModule {
  static forRoot(
    config: AppConfig,
    logger: Logger,
    embedded?: Promise<EmbeddedPostgres>,
    clock?: Clock,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        LoggingModule.forRoot(logger),
        RateLimitModule,
        DatabaseModule.forRoot(embedded),
        UsersModule,
        AuthModule,
        AccountsModule,
        ClosuresModule,
        AppointmentsModule,
        MessagesModule,
        AuditModule,
        HealthModule,
      ],
      providers: [
        // Rate limit first: a flood is refused before it costs a token check.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
