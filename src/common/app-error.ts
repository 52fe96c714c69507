import type { ErrorCode } from './error-codes.js';

/** One field's failed constraints, by class-validator constraint name (texts localized by the filter). */
export interface FieldError {
  field: string;
  constraints: Record<string, string>;
}

/** The one domain exception: services throw it with a contract code; the global filter renders it. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fieldErrors: FieldError[] = [],
    /** Seconds, sent as Retry-After (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(code);
    this.name = 'AppError';
  }
}
