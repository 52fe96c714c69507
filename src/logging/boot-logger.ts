import type { LoggerService } from '@nestjs/common';
import type { LogLevel } from '../config/app-config.js';
import { isNestInternal } from './nest-internals.js';

const SEVERITY: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

/**
 * Nest's logger while the application is being built, before the pino logger exists: plain readable lines on
 * stderr, at once (a slow first start says what it is doing while it does it). Nest's own chatter is debug; the
 * ExceptionHandler's report of a failed start is left to main.ts, which says it in one line.
 */
export class BootLogger implements LoggerService {
  /** `destination`: where the lines go instead of stderr (the e2e tests keep them with the app's log). */
  constructor(
    private readonly level: LogLevel,
    private readonly destination: { write(line: string): unknown } = process.stderr,
  ) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write(isNestInternal(optionalParams) ? 'debug' : 'info', message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    if (optionalParams[optionalParams.length - 1] !== 'ExceptionHandler') {
      this.write('error', message, optionalParams);
    }
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams);
  }

  private write(level: LogLevel, message: unknown, optionalParams: unknown[]): void {
    if (SEVERITY[level] < SEVERITY[this.level]) {
      return;
    }
    const context = optionalParams[optionalParams.length - 1];
    const prefix = typeof context === 'string' ? `[${context}] ` : '';
    const text = message instanceof Error ? message.message : String(message);
    this.destination.write(`${level === 'info' ? '' : `${level.toUpperCase()} `}${prefix}${text}\n`);
  }
}
