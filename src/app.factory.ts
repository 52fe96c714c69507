import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module.js';
import { AppLogger } from './logging/app-logger.js';
import { BootLogger } from './logging/boot-logger.js';
import type { AppConfig } from './config/app-config.js';
import type { EmbeddedPostgres } from './database/embedded-postgres.js';
import { ChatIoAdapter } from './messages/chat-io.adapter.js';
import { Draining } from './health/draining.js';
import { setupSwagger } from './swagger.js';
import { hardenInput } from './input-hardening.js';
import { trustFunction } from './common/client-address.js';

export const BODY_LIMIT_BYTES = 100 * 1024;

/** Builds the whole application (main.ts and the e2e tests share it, so tests run what production runs). */
export async function createApp(
  config: AppConfig,
  options: {
    logDestination?: DestinationStream;
    /** The embedded database, already starting (main.ts starts it while the modules load). */
    embedded?: Promise<EmbeddedPostgres>;
  } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustFunction(config.trustProxy),
    // Also kept on the raw request, where pino-http (a middleware) reads it: one id in logs and x-request-id.
    genReqId: (raw: IncomingMessage) => ((raw as typeof raw & { id: string }).id = randomUUID()),
    requestIdHeader: false,
    // A request read while Fastify closes was sent before its client could know: served (with Connection:
    // close), not refused. Draining sees that no new ones come.
    return503OnClosing: false,
  });
  const fastify = adapter.getInstance();
  hardenInput(fastify, config);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // Tokens and personal data must not stay in a browser's or a proxy's cache; Swagger UI's assets may.
    if (!request.routeOptions.url?.startsWith('/docs')) {
      void reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    }
  });

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, options.logDestination, options.embedded),
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
  await app.register(fastifyHelmet, {
    // Swagger UI needs inline styles and scripts from its own origin.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        // Over plain HTTP (a developer's localhost) an upgrade would break Swagger UI's own assets.
        ...(config.production ? {} : { upgradeInsecureRequests: null }),
      },
    },
  });
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins, credentials: true });
  }
  const sockets = new ChatIoAdapter(app, config);
  await sockets.connectBroker();
  app.useWebSocketAdapter(sockets);
  await setupSwagger(app);
  return app;
}
