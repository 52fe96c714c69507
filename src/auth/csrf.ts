import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/app-error.js';
import { safeEqual } from '../common/safe-equal.js';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Double-submit rule for cookie-authenticated unsafe requests: another site can make the browser send our
 * cookies, but cannot read the CSRF cookie to echo it in a header.
 */
export function assertCsrf(request: FastifyRequest, csrfCookie: string): void {
  if (SAFE_METHODS.has(request.method)) {
    return;
  }
  const cookie = request.cookies?.[csrfCookie] ?? '';
  const header = request.headers[CSRF_HEADER];
  if (!cookie || typeof header !== 'string' || !safeEqual(header, cookie)) {
    throw new AppError('CSRF_INVALID');
  }
}
