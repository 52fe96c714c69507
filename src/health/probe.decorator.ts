import { applyDecorators, SetMetadata } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { API_GROUP, AUTH_GROUP } from '../rate-limit/rate-limit.keys.js';

export const PROBE = 'vitalis:probe';

/**
 * A health probe: a load balancer calls it often and from one address, so it is never rate-limited, and it does
 * not reach the database unless it says so (`@ApiErrors('SERVICE_UNAVAILABLE')`).
 */
export const Probe = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SkipThrottle({ [AUTH_GROUP]: true, [API_GROUP]: true }), SetMetadata(PROBE, true));
