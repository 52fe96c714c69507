import { trustFunction } from '../common/client-address.js';
import { handshakeIp, handshakeToken, originAllowed } from './socket-auth.js';

describe('handshakeToken', () => {
  const handshake = (auth: Record<string, unknown>, headers: Record<string, string> = {}) => ({
    auth,
    headers,
  });

  it('prefers auth.token, with or without "Bearer "', () => {
    expect(handshakeToken(handshake({ token: 'abc' }, { 'x-token': 'other' }), 'access_token')).toEqual({
      token: 'abc',
      via: 'bearer',
    });
    expect(handshakeToken(handshake({ token: 'Bearer abc' }), 'access_token')).toEqual({
      token: 'abc',
      via: 'bearer',
    });
  });

  it('falls back to the Authorization header, x-token, then the access_token cookie', () => {
    expect(handshakeToken(handshake({}, { authorization: 'Bearer h' }), 'access_token')).toEqual({
      token: 'h',
      via: 'bearer',
    });
    expect(handshakeToken(handshake({}, { 'x-token': 'x' }), 'access_token')).toEqual({
      token: 'x',
      via: 'x-token',
    });
    expect(handshakeToken(handshake({}, { cookie: 'theme=dark; access_token=c' }), 'access_token')).toEqual({
      token: 'c',
      via: 'cookie',
    });
  });

  it('finds nothing in a blank or non-string auth.token, or elsewhere', () => {
    expect(handshakeToken(handshake({ token: '  ' }), 'access_token')).toBeNull();
    expect(handshakeToken(handshake({ token: 42 }), 'access_token')).toBeNull();
    expect(handshakeToken(handshake({}, { cookie: 'theme=dark' }), 'access_token')).toBeNull();
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
  const handshake = {
    address: '10.0.0.2',
    headers: { 'x-forwarded-for': '198.51.100.7, 203.0.113.5, 10.0.0.1' },
  };

  it('believes X-Forwarded-For only as far as TRUST_PROXY says, taking the right-most untrusted entry', () => {
    expect(handshakeIp(handshake, undefined)).toBe('10.0.0.2');
    expect(handshakeIp(handshake, trustFunction(1))).toBe('10.0.0.1');
    expect(handshakeIp(handshake, trustFunction(2))).toBe('203.0.113.5');
    expect(handshakeIp(handshake, trustFunction(['10.0.0.0/8']))).toBe('203.0.113.5');
    expect(handshakeIp({ address: '10.0.0.2', headers: {} }, trustFunction(1))).toBe('10.0.0.2');
  });

  it('never takes a malformed entry for an address', () => {
    const junk = { address: '10.0.0.2', headers: { 'x-forwarded-for': `192.0.2.9, ${'z'.repeat(100)}` } };
    expect(handshakeIp(junk, trustFunction(1))).toBe('192.0.2.9');
    const zoned = { address: '10.0.0.2', headers: { 'x-forwarded-for': `fe80::1%${'a'.repeat(100)}` } };
    expect(handshakeIp(zoned, trustFunction(1))).toBe('fe80::1');
    expect(
      handshakeIp({ address: '10.0.0.2', headers: { 'x-forwarded-for': 'nonsense' } }, trustFunction(1)),
    ).toBe('10.0.0.2');
  });

  it('lets no client pick its address by writing more entries at the left', () => {
    const spoofed = { address: '10.0.0.2', headers: { 'x-forwarded-for': '1.2.3.4, 5.6.7.8, 192.0.2.10' } };
    expect(handshakeIp(spoofed, trustFunction(1))).toBe('192.0.2.10');
    expect(handshakeIp(spoofed, trustFunction(['10.0.0.2']))).toBe('192.0.2.10');
  });
});
