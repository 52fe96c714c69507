import { handshakeIp, handshakeToken, originAllowed } from './socket-auth.js';

describe('handshakeToken', () => {
  const handshake = (auth: Record<string, unknown>, headers: Record<string, string> = {}) => ({
    auth,
    headers,
  });

  it('prefers auth.token, with or without "Bearer "', () => {
    expect(handshakeToken(handshake({ token: 'abc' }, { 'x-token': 'other' }))).toEqual({
      token: 'abc',
      via: 'bearer',
    });
    expect(handshakeToken(handshake({ token: 'Bearer abc' }))).toEqual({ token: 'abc', via: 'bearer' });
  });

  it('falls back to the Authorization header, x-token, then the access_token cookie', () => {
    expect(handshakeToken(handshake({}, { authorization: 'Bearer h' }))).toEqual({
      token: 'h',
      via: 'bearer',
    });
    expect(handshakeToken(handshake({}, { 'x-token': 'x' }))).toEqual({ token: 'x', via: 'x-token' });
    expect(handshakeToken(handshake({}, { cookie: 'theme=dark; access_token=c' }))).toEqual({
      token: 'c',
      via: 'cookie',
    });
  });

  it('finds nothing in a blank or non-string auth.token, or elsewhere', () => {
    expect(handshakeToken(handshake({ token: '  ' }))).toBeNull();
    expect(handshakeToken(handshake({ token: 42 }))).toBeNull();
    expect(handshakeToken(handshake({}, { cookie: 'theme=dark' }))).toBeNull();
  });
});

describe('originAllowed', () => {
  it('lets clients without an Origin through (not browsers, no ambient cookies)', () => {
    expect(originAllowed(undefined, 'api.test', [])).toBe(true);
  });

  it('with CORS_ORIGINS, takes exactly those', () => {
    expect(originAllowed('https://app.clinic', 'api.clinic', ['https://app.clinic'])).toBe(true);
    expect(originAllowed('https://evil.test', 'api.clinic', ['https://app.clinic'])).toBe(false);
    expect(originAllowed('https://api.clinic', 'api.clinic', ['https://app.clinic'])).toBe(false);
  });

  it('without CORS_ORIGINS, takes only the API’s own origin', () => {
    expect(originAllowed('http://localhost:3000', 'localhost:3000', [])).toBe(true);
    expect(originAllowed('http://localhost:5173', 'localhost:3000', [])).toBe(false);
    expect(originAllowed('null', 'localhost:3000', [])).toBe(false);
  });
});

describe('handshakeIp', () => {
  const handshake = { address: '10.0.0.2', headers: { 'x-forwarded-for': '203.0.113.5, 10.0.0.1' } };

  it('believes X-Forwarded-For only with TRUST_PROXY, taking the client end', () => {
    expect(handshakeIp(handshake, true)).toBe('203.0.113.5');
    expect(handshakeIp(handshake, false)).toBe('10.0.0.2');
    expect(handshakeIp({ address: '10.0.0.2', headers: {} }, true)).toBe('10.0.0.2');
  });
});
