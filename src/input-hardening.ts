import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from './common/app-error.js';
import { cleanForwardedFor } from './common/client-address.js';
import { forbiddenQueryKey, inputViolation, MAX_JSON_DEPTH, nestsDeeperThan } from './common/input-guards.js';
import type { AppConfig } from './config/app-config.js';

/** The parser's complaint as the contract's error: INVALID_JSON with where it broke, or a refused prototype key. */
function jsonError(error: Error): AppError {
  if (/prototype/i.test(error.message)) {
    return new AppError('VALIDATION_FAILED', [
      { field: 'body', constraints: { forbiddenKey: 'is not allowed' } },
    ]);
  }
  return new AppError('INVALID_JSON', [{ field: 'body', constraints: { json: error.message } }]);
}

/**
 * What every request passes before a route sees it: JSON only, parsed safely (depth, prototype keys), no NUL, no
 * prototype keys in the query, well-formed forwarded addresses.
 */
export function hardenInput(fastify: FastifyInstance, config: AppConfig): void {
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
}
