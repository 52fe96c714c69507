import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { isNestInternal } from './nest-internals.js';
import { currentContext } from '../common/request-context.js';

/** The app's pino logger. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Nest's logger on pino: inside a request, the logger of the app handling it (its lines carry the request id),
 * this app's elsewhere. Nest's context (the last argument) becomes the `context` field. Nest's own start-up chatter
 * (modules, routes) is debug instead of info.
 */
@Injectable()
export class AppLogger implements LoggerService {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Logger) {}

  private get logger(): Logger {
    return currentContext().log ?? this.root;
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.call('trace', message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.call('debug', message, optionalParams);
  }

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.call(isNestInternal(optionalParams) ? 'debug' : 'info', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.call('warn', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.call('error', message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.call('fatal', message, optionalParams);
  }

  /** Nest's `(message, ...params, context)` as pino's `(object, message, ...params)`. */
  private call(level: Level, message: unknown, optionalParams: unknown[]): void {
    const fields: Record<string, unknown> = {};
    let params = optionalParams;
    if (optionalParams.length > 0) {
      fields.context = optionalParams[optionalParams.length - 1];
      params = optionalParams.slice(0, -1);
    }
    const logger = this.logger;
    if (typeof message === 'object') {
      if (message instanceof Error) {
        fields.err = message;
      } else {
        Object.assign(fields, message);
      }
      logger[level](fields, ...(params as [string?]));
    } else if (level === 'error' && typeof message === 'string' && isStack(params)) {
      // Nest's exception handlers call error(message, stack, context): one error with that stack.
      const error = new Error(message);
      error.stack = params[0];
      fields.err = error;
      logger[level](fields);
    } else {
      logger[level](fields, message as string, ...params);
    }
  }
}

function isStack(params: unknown[]): params is [string] {
  return params.length === 1 && typeof params[0] === 'string' && /\n\s*at /.test(params[0]);
}
