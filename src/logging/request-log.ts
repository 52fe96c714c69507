import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Level, Logger } from 'pino';
import { runInContext } from '../common/request-context.js';
import { redactUrl } from './redact-url.js';

/** 5xx is an error, 4xx a warning, the rest information. */
function levelOf(statusCode: number): Level {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One line per request, written when it ends, with what a reader needs: the id (as x-request-id), method, URL
 * (secret query parameters hidden), headers (secret ones redacted by the logger), client address, status and time.
 * Built only when its level is written: at LOG_LEVEL=warn a 200 costs one comparison.
 *
 * Also opens the request context (caller's IP and user agent, request id, this app's logger) that sessions, audit
 * events and every log line read. Registered after the X-Forwarded-For check, since request.ip reads that header.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    runInContext(
      {
        ip: request.ip ?? null,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
        log: logger,
      },
      done,
    );
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const level = levelOf(reply.statusCode);
    if (logger.isLevelEnabled(level)) {
      logger[level](lineOf(request, reply), 'request completed');
    }
    done();
  });
}

function lineOf(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  return {
    req: {
      id: request.id,
      method: request.method,
      url: redactUrl(request.url),
      headers: request.headers,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    },
    res: { statusCode: reply.statusCode },
    responseTime: Math.round(reply.elapsedTime),
  };
}
