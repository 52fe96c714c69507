import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** TRUST_PROXY: no proxy, how many proxies stand in front (hops), or which addresses/CIDRs are proxies. */
export type TrustProxy = false | number | string[];

export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * Which hops of X-Forwarded-For to believe. The client address is then the right-most entry that is not a
 * trusted proxy: what the last trusted proxy saw, never what the client wrote at the left of the header.
 */
export function trustFunction(trust: TrustProxy): TrustFunction | undefined {
  if (trust === false) {
    return undefined;
  }
  if (typeof trust === 'number') {
    return (_address, hop) => hop < trust;
  }
  return proxyAddr.compile(trust);
}

/**
 * X-Forwarded-For with only well-formed IP addresses (zone ids dropped): whatever a client writes there must never
 * become "its address" in a lock-out key or a session row. Undefined when nothing usable is left.
 */
export function cleanForwardedFor(header: string | string[] | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  const entries = (Array.isArray(header) ? header.join(',') : header)
    .split(',')
    .map((entry) => entry.trim().replace(/%.*$/, ''))
    .filter((entry) => isIP(entry) !== 0);
  return entries.length > 0 ? entries.join(', ') : undefined;
}

/** The client address of a connection, by the same rule as Fastify's `request.ip` (sockets use it). */
export function clientAddress(
  remoteAddress: string,
  headers: IncomingMessage['headers'],
  trust: TrustFunction | undefined,
): string {
  if (!trust) {
    return remoteAddress;
  }
  const forwarded = cleanForwardedFor(headers['x-forwarded-for']);
  const request = {
    headers: forwarded ? { 'x-forwarded-for': forwarded } : {},
    socket: { remoteAddress },
  } as unknown as IncomingMessage;
  const addresses = proxyAddr.all(request, trust);
  return addresses[addresses.length - 1] ?? remoteAddress;
}
