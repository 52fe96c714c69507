import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import { currentContext } from '../common/request-context.js';
import type { AppConfig } from '../config/app-config.js';
import { REDACTED } from './redacted.js';

/**
 * Never a token, a cookie or a password in a log line: the headers that carry them, and any field of that name
 * wherever a logged object holds it.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers["x-token"]',
  'req.headers["x-csrf-token"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'currentPassword',
    'newPassword',
    'token',
    'refreshToken',
    'accessToken',
    'adminKey',
  ].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/**
 * A person at a terminal reads one short line per event; anything else (a file, a collector) gets JSON. pino-pretty
 * is loaded only for a terminal: a server never pays for it.
 */
function consoleDestination(): DestinationStream {
  if (!process.stdout.isTTY) {
    return pino.destination(1);
  }
  const pretty = createRequire(import.meta.url)('pino-pretty') as (
    options: PrettyOptions,
  ) => DestinationStream;
  return pretty({ colorize: true, singleLine: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' });
}

/**
 * The app's pino logger (one per app: its destination, its level). A line said while a request is handled carries
 * that request's id; nothing is computed per request unless a line is written.
 */
export function createRootLogger(config: AppConfig, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      // Called for written lines only; pino merges the line's own fields into what it returns (a fresh object).
      mixin: () => {
        const { requestId } = currentContext();
        return requestId ? { req: { id: requestId } } : {};
      },
    },
    destination ?? consoleDestination(),
  );
}
