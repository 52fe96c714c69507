import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import secureJson from 'secure-json-parse';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module.js';
import { AppLogger } from './logging/app-logger.js';
import { BootLogger } from './logging/boot-logger.js';
import type { AppConfig } from './config/app-config.js';
import type { EmbeddedPostgres } from './database/embedded-postgres.js';
import { ChatIoAdapter } from './messages/chat-io.adapter.js';
import { Draining } from './health/draining.js';
import { setupSwagger } from './swagger.js';
import { AppError } from './common/app-error.js';
import { forbiddenQueryKey, inputViolation, MAX_JSON_DEPTH, nestsDeeperThan } from './common/input-guards.js';
import { runInContext } from './common/request-context.js';
import { cleanForwardedFor, trustFunction } from './common/client-address.js';

export const BODY_LIMIT_BYTES = 100 * 1024;

/** The parser's complaint as the contract's error: INVALID_JSON with where it broke, or a refused prototype key. */
function jsonError(error: Error): AppError {
  if (/prototype/i.test(error.message)) {
    return new AppError('VALIDATION_FAILED', [
      { field: 'body', constraints: { forbiddenKey: 'is not allowed' } },
    ]);
  }
  return new AppError('INVALID_JSON', [{ field: 'body', constraints: { json: error.message } }]);
}

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
  // JSON only: without the text/plain parser, every non-JSON body is 415, so no HTML form can post here.
  fastify.removeContentTypeParser(['text/plain']);
  // The JSON parser Fastify uses (secure-json-parse: __proto__ and constructor.prototype keys refused), called
  // directly so its own message (where the JSON broke) reaches the client, behind a depth check: a 100 KB body of
  // nested arrays must cost a 400, not a deep recursion in the validator.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') {
      // What many clients send on DELETE or logout: no body, whatever the header says. A route that needs one
      // still says which fields are missing.
      done(null, undefined);
      return;
    }
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(
        new AppError('VALIDATION_FAILED', [
          { field: 'body', constraints: { maxDepth: `nests deeper than ${MAX_JSON_DEPTH} levels` } },
        ]),
        undefined,
      );
      return;
    }
    try {
      done(null, secureJson.parse(text, null, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      done(jsonError(error as Error), undefined);
    }
  });
  // Prototype-pollution keys in a query string: class-transformer would silently skip them, so refuse them here.
  fastify.addHook('onRequest', (request, _reply, done) => {
    const forbidden = forbiddenQueryKey(request.url);
    done(
      forbidden
        ? new AppError('VALIDATION_FAILED', [
            { field: forbidden, constraints: { forbiddenKey: 'is not allowed' } },
          ])
        : undefined,
    );
  });
  // A NUL character anywhere in the path, the query or the JSON body is refused here, for every route at once:
  // PostgreSQL cannot store it in text, so one that reached a query was a 500.
  fastify.addHook('preValidation', (request, _reply, done) => {
    const violation =
      inputViolation(request.params, 'path') ??
      inputViolation(request.query, 'query') ??
      inputViolation(request.body, 'body');
    done(violation ? new AppError('VALIDATION_FAILED', [violation]) : undefined);
  });
  if (config.trustProxy !== false) {
    // request.ip is read from this header: only well-formed addresses may become a client's address.
    fastify.addHook('onRequest', (request, _reply, done) => {
      const headers = request.raw.headers;
      if (headers['x-forwarded-for'] !== undefined) {
        headers['x-forwarded-for'] = cleanForwardedFor(headers['x-forwarded-for']);
      }
      done();
    });
  }
  // Who is calling, for the audit trail: everything the request awaits sees it.
  fastify.addHook('onRequest', (request, _reply, done) => {
    runInContext({ ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null }, done);
  });
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
