import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { API_ERRORS } from '../common/api-errors.decorator.js';
import { AppError, type FieldError } from '../common/app-error.js';
import { IS_PUBLIC, ROLES_KEY } from '../auth/auth.decorators.js';
import { ERROR_STATUS, type ErrorCode } from '../common/error-codes.js';
import { toErrorResponse } from '../common/error-response.js';
import { PROBE } from '../health/probe.decorator.js';

/** What a handler is, as far as the request pipeline cares (read from its decorators). */
interface RouteFacts {
  authenticated: boolean;
  /** POST, PUT, PATCH, DELETE: the body parser and the CSRF check run. */
  unsafe: boolean;
  roles: boolean;
  probe: boolean;
  /** From @ApiErrors: what the route's own work can answer. */
  declared: ErrorCode[];
}

const UNSAFE = new Set([RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE]);

/**
 * The codes a route answers because of what it is, in the order the pipeline meets them (app.factory.ts, the
 * APP_GUARDs, the filter), then its own. The one table the document's errors come from.
 */
function errorCodes(route: RouteFacts): ErrorCode[] {
  return [
    ...new Set<ErrorCode>([
      // A prototype key or a NUL character in the query or the path, on any route.
      'VALIDATION_FAILED',
      // Fastify parses the body of every unsafe request, whatever the handler takes.
      ...(route.unsafe ? (['UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'INVALID_JSON'] as const) : []),
      ...(route.probe ? [] : (['TOO_MANY_ATTEMPTS'] as const)),
      ...(route.authenticated
        ? ([
            'TOKEN_MISSING',
            'TOKEN_INVALID',
            'TOKEN_EXPIRED',
            'USER_NOT_FOUND',
            'USER_DISABLED',
            'SESSION_REVOKED',
          ] as const)
        : []),
      ...(route.authenticated && route.unsafe ? (['CSRF_INVALID'] as const) : []),
      ...(route.roles ? (['FORBIDDEN_ROLE'] as const) : []),
      ...route.declared,
      // Every route but a probe reads the database (the principal check, or its own queries).
      ...(route.probe ? [] : (['SERVICE_UNAVAILABLE'] as const)),
      'INTERNAL',
    ]),
  ];
}

/**
 * Writes every operation's error responses: one per status, each code with its own example, exactly the body the
 * server sends (Spanish, the default language). Replaces whatever the decorators put there.
 */
export function documentErrors(app: INestApplication, document: OpenAPIObject): void {
  const routes = routeFacts(app);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as OperationLike[]) {
      const route = routes.get(operation.operationId);
      if (!route) {
        throw new Error(`no handler named ${operation.operationId} for ${path}`);
      }
      for (const status of Object.keys(operation.responses)) {
        if (Number(status) >= 400) {
          delete operation.responses[status];
        }
      }
      const byStatus = new Map<number, ErrorCode[]>();
      for (const code of errorCodes(route)) {
        byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
      }
      for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
        operation.responses[status] = errorResponse(codes, operation);
      }
    }
  }
}

interface OperationLike {
  operationId: string;
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<string, unknown>;
}

function errorResponse(codes: ErrorCode[], operation: OperationLike): Record<string, unknown> {
  const examples = Object.fromEntries(
    codes.map((code) => {
      const { body } = toErrorResponse(new AppError(code, exampleFields(code, operation)), 'es');
      return [code, { summary: body.message, value: body }];
    }),
  );
  const retry = codes.some((code) => code === 'TOO_MANY_ATTEMPTS' || code === 'SERVICE_UNAVAILABLE');
  return {
    description: codes.join(', '),
    ...(retry
      ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
      : {}),
    content: {
      'application/json': { schema: { $ref: '#/components/schemas/ErrorBodyDto' }, examples },
    },
  };
}

/** A field error of the kind this route gives: a malformed id, a missing field, an unknown parameter. */
function exampleFields(code: ErrorCode, operation: OperationLike): FieldError[] {
  if (code === 'INVALID_JSON') {
    return [{ field: 'body', constraints: { json: `Expected property name or '}' in JSON at position 1` } }];
  }
  if (code !== 'VALIDATION_FAILED') {
    return [];
  }
  const parameters = operation.parameters ?? [];
  const pathParameter = parameters.find((p) => p.in === 'path');
  if (pathParameter) {
    return [{ field: pathParameter.name, constraints: { uuidParam: 'must be a UUID' } }];
  }
  if (operation.requestBody || parameters.some((p) => p.in === 'query')) {
    return [{ field: 'unknown', constraints: { whitelistValidation: 'property unknown should not exist' } }];
  }
  return [{ field: '__proto__', constraints: { forbiddenKey: 'is not allowed' } }];
}

/** Every handler by name (names are the operationIds, so they are unique: see swagger.ts). */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const routes = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (name === 'constructor' || method === undefined) {
          continue;
        }
        if (routes.has(name)) {
          throw new Error(`two handlers are named ${name}: handler names are the API's operationIds`);
        }
        const read = <T>(key: string): T | undefined =>
          (Reflect.getMetadata(key, handler) as T | undefined) ??
          (Reflect.getMetadata(key, controller) as T | undefined);
        routes.set(name, {
          authenticated: read<boolean>(IS_PUBLIC) !== true,
          unsafe: UNSAFE.has(method),
          roles: read<string[]>(ROLES_KEY) !== undefined,
          probe: read<boolean>(PROBE) === true,
          declared: [
            ...((Reflect.getMetadata(API_ERRORS, controller) as ErrorCode[] | undefined) ?? []),
            ...((Reflect.getMetadata(API_ERRORS, handler) as ErrorCode[] | undefined) ?? []),
          ],
        });
      }
    }
  }
  return routes;
}
