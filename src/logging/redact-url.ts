import { REDACTED } from './redacted.js';

/** Query parameters that may carry a secret (the API never reads tokens from the URL, but clients send them). */
const SECRET_PARAMS = new Set([
  'token',
  'access_token',
  'accesstoken',
  'refresh_token',
  'refreshtoken',
  'x-token',
  'id_token',
  'password',
  'currentpassword',
  'newpassword',
  'adminkey',
  'key',
  'api_key',
  'apikey',
  'secret',
  'csrf_token',
  'code',
  'jwt',
]);

/** The URL as logged: the values of secret-bearing query parameters replaced, the rest as sent. */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start < 0) {
    return url;
  }
  const query = url
    .slice(start + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawKey = equals < 0 ? pair : pair.slice(0, equals);
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the key as written.
      }
      // `token[]`, `token[0]`, `auth.token`: judged by the name before any bracket, and by the last dotted part.
      const name = key.trim().toLowerCase().split('[')[0];
      const secret = SECRET_PARAMS.has(name) || SECRET_PARAMS.has(name.split('.').pop() ?? '');
      return secret ? `${rawKey}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, start)}?${query}`;
}
