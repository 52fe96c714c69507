import type { Clock } from './common/clock.js';
import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module.js';
import { AppLogger } from './logging/app-logger.js';
import { BootLogger } from './logging/boot-logger.js';
import type { AppConfig } from './config/app-config.js';
import type { EmbeddedPostgres } from './database/embedded-postgres.js';
import { ChatIoAdapter } from './messages/chat-io.adapter.js';
import { Draining } from './health/draining.js';
import { setupSwagger } from './swagger.js';
import { hardenInput } from './input-hardening.js';
import { createRootLogger } from './logging/root-logger.js';
import { logRequests } from './logging/request-log.js';
import { sendSecurityHeaders } from './security-headers.js';
import { trustFunction } from './common/client-address.js';

export const BODY_LIMIT_BYTES = 100 * 1024;

/** Builds the whole application (main.ts and the e2e tests share it, so tests run what production runs). */
export async function createApp(
  config: AppConfig,
  options: {
    logDestination?: DestinationStream;
    /** The embedded database, already starting (main.ts starts it while the modules load). */
    embedded?: Promise<EmbeddedPostgres>;
    /** The system clock unless a test moves time itself. */
    clock?: Clock;
  } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustFunction(config.trustProxy),
    // One id in the log lines and in x-request-id.
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // A request read while Fastify closes was sent before its client could know: served (with Connection:
    // close), not refused. Draining sees that no new ones come.
    return503OnClosing: false,
  });
  const fastify = adapter.getInstance();
  hardenInput(fastify, config);
  const logger = createRootLogger(config, options.logDestination);
  logRequests(fastify, logger);
  sendSecurityHeaders(fastify, config);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // Tokens and personal data must not stay in a browser's or a proxy's cache; Swagger UI's assets may.
    if (!request.routeOptions.url?.startsWith('/docs')) {
      void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    }
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger, options.embedded, options.clock),
    adapter,
    {
      // Readable lines at once while the app is built (BootLogger), pino's JSON lines from then on (AppLogger).
      logger: new BootLogger(config.logLevel, options.logDestination),
      // A failed start rejects (main.ts says what went wrong in one line) instead of aborting the process.
      abortOnError: false,
      // Fastify's own JSON parser only: Nest's would add a form-encoded one.
      bodyParser: false,
    },
  );
  app.useLogger(app.get(AppLogger));
  // A stop: every answer closes its connection, and Fastify drops the idle ones only once they have had their
  // chance (see Draining).
  const draining = app.get(Draining);
  fastify.addHook('onSend', async (_request, reply) => {
    if (draining.active) {
      void reply.header('connection', 'close');
    }
  });
  fastify.addHook('preClose', () => draining.settle());
  await app.register(fastifyCookie);
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins, credentials: true });
  }
  const sockets = new ChatIoAdapter(app, config);
  await sockets.connectBroker();
  app.useWebSocketAdapter(sockets);
  await setupSwagger(app);
  return app;
}
