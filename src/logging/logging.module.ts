import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { PrettyOptions } from 'pino-pretty';
import type { AppConfig } from '../config/app-config.js';

import { AppLogger } from './app-logger.js';
import { HTTP_LOGGER, type HttpLogger, requestLogger } from './request-logger.js';
import { REDACTED } from './redacted.js';
import { redactUrl } from './redact-url.js';

export { REDACTED };

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
 * JSON logs through pino: one line per request (pino-http) and Nest's own lines, each with the request id that
 * the x-request-id header also carries. `destination` is for tests that read the log. Each app has a logger of its
 * own (its destination, its level).
 */
@Module({})
export class LoggingModule implements NestModule {
  constructor(@Inject(HTTP_LOGGER) private readonly http: HttpLogger) {}

  static forRoot(config: AppConfig, destination?: DestinationStream): DynamicModule {
    const options = {
      level: config.logLevel,
      // Fastify's id for this request (app.factory sets it on the raw request).
      genReqId: (request: IncomingMessage) => (request as IncomingMessage & { id: string }).id,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      // The response's headers are ours (Helmet's, cookies): the status is what a reader needs.
      serializers: {
        // Secrets a client put in the query string (never read by the API) stay out of the log too.
        // The parsed query is left out: the URL carries it, redacted.
        req: ({ query: _query, ...request }: { url?: string; query?: unknown }) => ({
          ...request,
          url: request.url && redactUrl(request.url),
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      customLogLevel: (_request: IncomingMessage, response: { statusCode: number }, error?: Error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    };
    return {
      module: LoggingModule,
      providers: [
        { provide: HTTP_LOGGER, useFactory: () => pinoHttp(options, destination ?? consoleDestination()) },
        AppLogger,
      ],
      exports: [AppLogger],
    };
  }

  /** Every request: pino-http's line when it ends, and its logger for whatever is logged while handling it. */
  configure(consumer: MiddlewareConsumer): void {
    const http = this.http;
    consumer
      .apply(function logRequest(
        request: IncomingMessage & { allLogs?: Logger[] },
        response: ServerResponse,
        next: () => void,
      ) {
        http(request, response);
        // pino-http's logger for this request is the last one it added (req.log may be an earlier one's).
        requestLogger.run(request.allLogs?.at(-1) ?? request.log, next);
      })
      .forRoutes({ path: '{*splat}', method: RequestMethod.ALL });
  }
}
