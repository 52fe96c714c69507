import type { TokenTransport } from './auth-user.js';

type Headers = Record<string, string | string[] | undefined>;

export interface FoundToken {
  token: string;
  via: TokenTransport;
}

/**
 * The access token from `Authorization: Bearer`, then `x-token`, then the access cookie (named `accessCookie`).
 * Never from the query string: URLs end up in logs and browser history.
 */
export function extractAccessToken(
  headers: Headers,
  cookies: Record<string, string | undefined> | undefined,
  accessCookie: string,
): FoundToken | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(single(headers.authorization) ?? '');
  if (bearer) {
    return { token: bearer[1], via: 'bearer' };
  }
  const xToken = single(headers['x-token'])?.trim();
  if (xToken) {
    return { token: xToken, via: 'x-token' };
  }
  const cookie = cookies?.[accessCookie];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
