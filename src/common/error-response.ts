import { HttpException } from '@nestjs/common';
import type { Locale } from '../config/app-config.js';
import { AppError } from './app-error.js';
import { ERROR_STATUS, type ErrorCode } from './error-codes.js';
import { CONSTRAINT_MESSAGES, ERROR_MESSAGES } from './messages.js';

/** The contract's error body (API.md, Errors). */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  errors?: { field: string; messages: string[] }[];
}

export interface ErrorResponse {
  body: ErrorBody;
  retryAfter?: number;
  /** True for anything unexpected: the caller logs it with the request id. */
  unexpected: boolean;
}

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'TOKEN_INVALID',
  403: 'FORBIDDEN_ROLE',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_ATTEMPTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Network-level failures of the database driver: the database is down, not the request wrong. */
const DB_UNAVAILABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|EPIPE|Connection terminated|timeout exceeded when trying to connect|Query read timeout|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error|Driver not Connected/i;

/**
 * SQLSTATEs of work PostgreSQL gave up on: a statement cancelled by statement_timeout (57014), a session ended by
 * idle_in_transaction_session_timeout (25P03), a connection found in a failed transaction (25P02), a transaction
 * aborted to break a deadlock (40P01) or a serialization failure (40001) that retries did not get past. The database
 * was too busy or too slow, not the request wrong; none of it was committed, and the same request may succeed later.
 */
const DB_GAVE_UP = new Set(['57014', '25P03', '25P02', '40P01', '40001']);

/** Turns anything thrown while serving a request into the contract's body; never exposes internals. */
export function toErrorResponse(exception: unknown, locale: Locale): ErrorResponse {
  if (exception instanceof AppError) {
    return { body: render(exception, locale), retryAfter: exception.retryAfter, unexpected: false };
  }
  const status = statusOf(exception);
  const code = status === undefined ? undefined : CODE_BY_STATUS[status];
  if (code) {
    return { body: render(new AppError(code), locale), unexpected: false };
  }
  const driverCode = (exception as { code?: unknown } | null)?.code;
  if (
    exception instanceof Error &&
    ((typeof driverCode === 'string' && DB_GAVE_UP.has(driverCode)) ||
      DB_UNAVAILABLE.test(`${String(driverCode)} ${exception.message}`))
  ) {
    return { body: render(new AppError('SERVICE_UNAVAILABLE'), locale), retryAfter: 5, unexpected: true };
  }
  return { body: render(new AppError('INTERNAL'), locale), unexpected: true };
}

function statusOf(exception: unknown): number | undefined {
  if (exception instanceof HttpException) {
    return exception.getStatus();
  }
  // Fastify's own errors (body parsing, content type) carry a 4xx statusCode.
  const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : undefined;
}

function render(error: AppError, locale: Locale): ErrorBody {
  const body: ErrorBody = {
    statusCode: ERROR_STATUS[error.code],
    code: error.code,
    message: ERROR_MESSAGES[error.code][locale],
  };
  if (error.fieldErrors.length > 0) {
    body.errors = error.fieldErrors.map(({ field, constraints }) => ({
      field,
      messages: Object.entries(constraints).map(
        ([name, text]) => CONSTRAINT_MESSAGES[name]?.[locale] ?? text,
      ),
    }));
  }
  return body;
}
