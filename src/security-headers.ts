import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from './config/app-config.js';

function helmetOptions(config: AppConfig): HelmetOptions {
  return {
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
  };
}

/**
 * The headers Helmet sets, worked out once: they depend on the configuration only (no nonces), and building
 * Helmet's middleware per request, as @fastify/helmet does, parsed the CSP directives on every request.
 */
export function securityHeaders(config: AppConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: () => undefined,
  };
  helmet(helmetOptions(config))(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) {
        throw error as Error;
      }
    },
  );
  return headers;
}

/** Helmet's headers on every answer, errors included (onSend runs for those too). */
export function sendSecurityHeaders(fastify: FastifyInstance, config: AppConfig): void {
  const headers = securityHeaders(config);
  fastify.addHook('onSend', (_request, reply, _payload, done) => {
    void reply.headers(headers);
    done();
  });
}
