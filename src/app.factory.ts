import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { ChatIoAdapter } from './messages/chat-io.adapter.js';
import { setupSwagger } from './swagger.js';
import { runInContext } from './common/request-context.js';

export const BODY_LIMIT_BYTES = 100 * 1024;

/** Builds the whole application (main.ts and the e2e tests share it, so tests run what production runs). */
export async function createApp(
  config: AppConfig,
  logger?: LoggerService | LogLevel[] | false,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
  });
  const fastify = adapter.getInstance();
  // JSON only: without the text/plain parser, every non-JSON body is 415, so no HTML form can post here.
  fastify.removeContentTypeParser(['text/plain']);
  // Who is calling, for the audit trail: everything the request awaits sees it.
  fastify.addHook('onRequest', (request, _reply, done) => {
    runInContext({ ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null }, done);
  });
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: logger ?? undefined,
    bufferLogs: true,
    // Fastify's own JSON parser only: Nest's would add a form-encoded one.
    bodyParser: false,
  });
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
  app.enableShutdownHooks();
  setupSwagger(app);
  return app;
}
