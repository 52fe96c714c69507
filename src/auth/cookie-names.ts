/** The names of the auth cookies. */
export interface CookieNames {
  access: string;
  refresh: string;
  csrf: string;
}

const PLAIN: CookieNames = { access: 'access_token', refresh: 'refresh_token', csrf: 'csrf_token' };

/**
 * With Secure cookies (production), the browser-enforced prefixes: a `__Host-` cookie can only be set by this
 * origin over HTTPS for Path=/ (no sibling subdomain or plain-HTTP page can plant one); the refresh cookie needs
 * Path=/auth, so it gets `__Secure-`. Only these names are read then.
 */
const PREFIXED: CookieNames = {
  access: '__Host-access_token',
  refresh: '__Secure-refresh_token',
  csrf: '__Host-csrf_token',
};

export const cookieNames = (secure: boolean): CookieNames => (secure ? PREFIXED : PLAIN);
