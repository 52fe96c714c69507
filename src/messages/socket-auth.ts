import { parseCookie } from 'cookie';
import type { Socket } from 'socket.io';
import { extractAccessToken, type FoundToken } from '../auth/token-extractor.js';
import { clientAddress, type TrustFunction } from '../common/client-address.js';

/**
 * The access token of a socket handshake: `auth.token` (what browsers can set), else the same headers and cookie
 * as HTTP. Never the handshake's query string: URLs end up in logs.
 */
export function handshakeToken(
  handshake: Pick<Socket['handshake'], 'auth' | 'headers'>,
  accessCookie: string,
): FoundToken | null {
  const fromAuth: unknown = (handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof fromAuth === 'string' && fromAuth.trim() !== '') {
    return { token: fromAuth.trim().replace(/^Bearer\s+/i, ''), via: 'bearer' };
  }
  const cookieHeader = handshake.headers.cookie;
  return extractAccessToken(
    handshake.headers,
    cookieHeader ? parseCookie(cookieHeader) : undefined,
    accessCookie,
  );
}

/** The client's address by Fastify's rule for request.ip (TRUST_PROXY decides which hops are believed). */
export function handshakeIp(
  handshake: Pick<Socket['handshake'], 'address' | 'headers'>,
  trust: TrustFunction | undefined,
): string {
  return clientAddress(handshake.address, handshake.headers, trust);
}

/**
 * Whether a handshake's Origin may connect. Browsers always send one; other clients (apps, servers) may not,
 * and cannot ride on a user's cookies anyway. With CORS_ORIGINS set, only those; else only the API's own origin.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  corsOrigins: readonly string[],
): boolean {
  if (origin === undefined) {
    return true;
  }
  if (corsOrigins.length > 0) {
    return corsOrigins.includes(origin);
  }
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
