import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppError } from '../common/app-error.js';

/** The global rate limit (before authentication), with the contract's 429 body and Retry-After. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    // Sockets are limited by their handshake's HTTP request and by authentication, not per event.
    return Promise.resolve(context.getType() !== 'http');
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new AppError('TOO_MANY_ATTEMPTS', [], Math.max(detail.timeToBlockExpire, 1));
  }
}
