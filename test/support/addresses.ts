import { randomInt } from 'node:crypto';

let issued = randomInt(1 << 16);

/**
 * A client address of its own (for an app with TRUST_PROXY, sent as X-Forwarded-For), so one test's lock-out or
 * rate limit never meets another's. From 198.18.0.0/15 (benchmarking), starting at a random point: a Redis-backed
 * limit outlives a run for a minute, and the next run must not find its addresses spent.
 */
export function freshIp(): string {
  issued = (issued + 1) % (1 << 17);
  return `198.${18 + (issued >> 16)}.${(issued >> 8) & 255}.${issued & 255}`;
}
