import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppLogger, ROOT_LOGGER } from './app-logger.js';

/**
 * The app's pino logger (made by createApp, which also hooks the per-request line onto Fastify) and Nest's logger
 * on top of it.
 */
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, AppLogger],
      exports: [AppLogger],
    };
  }
}
