import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';

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

/** The client address of a connection, by the same rule as Fastify's `request.ip` (sockets use it). */
export function clientAddress(
  remoteAddress: string,
  headers: IncomingMessage['headers'],
  trust: TrustFunction | undefined,
): string {
  if (!trust) {
    return remoteAddress;
  }
  const request = { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
  const addresses = proxyAddr.all(request, trust);
  return addresses[addresses.length - 1] ?? remoteAddress;
}
