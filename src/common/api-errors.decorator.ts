import { SetMetadata } from '@nestjs/common';
import type { ErrorCode } from './error-codes.js';

export const API_ERRORS = 'vitalis:api-errors';

/**
 * Documents the errors a route's own work can answer (a service's NOT_FOUND, a constraint's conflict). Those its
 * kind of route answers anyway (authentication, roles, bodies, rate limits) are derived from the route itself:
 * see src/openapi/error-responses.ts, which writes both into the Swagger document.
 */
export const ApiErrors = (...codes: ErrorCode[]): MethodDecorator & ClassDecorator =>
  SetMetadata(API_ERRORS, codes);
