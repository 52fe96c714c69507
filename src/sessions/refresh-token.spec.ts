import {
  formatRefreshToken,
  hashRefreshSecret,
  judgeRefreshSecret,
  newRefreshSecret,
  nextRefreshSecret,
  parseRefreshToken,
} from './refresh-token.js';

const key = Buffer.from('k'.repeat(32));
const sessionId = '2f1c7f52-9b7e-4d55-a0c4-2a8d8a6f3b11';

/** The chain state after `rotations` rotations starting from `first`, rotated `secondsAgo` seconds ago. */
function chain(first: string, rotations: number, secondsAgo = 0) {
  const secrets = [first];
  for (let i = 0; i < rotations; i++) {
    secrets.push(nextRefreshSecret(key, secrets[i]));
  }
  const now = new Date('2026-01-01T12:00:00Z');
  const state = {
    refreshHash: hashRefreshSecret(secrets[rotations]),
    generation: rotations,
    rotatedAt: rotations > 0 ? new Date(now.getTime() - secondsAgo * 1000) : null,
  };
  return { secrets, state, now };
}

describe('refresh tokens', () => {
  it('formats and parses <sessionId>.<secret>', () => {
    const secret = newRefreshSecret();
    const sut = parseRefreshToken(formatRefreshToken(sessionId, secret));
    expect(sut).toEqual({ sessionId, secret });
  });

  it.each([
    '',
    'abc',
    `${sessionId}`,
    `${sessionId}.short`,
    `not-a-uuid.${'a'.repeat(43)}`,
    `${sessionId}.${'a'.repeat(43)}.x`,
  ])('refuses the malformed token %j', (token) => {
    expect(parseRefreshToken(token)).toBeNull();
  });

  it('draws a fresh random secret each time', () => {
    expect(newRefreshSecret()).not.toBe(newRefreshSecret());
  });

  it('derives the same successor for the same secret (racing refreshes agree)', () => {
    const secret = newRefreshSecret();
    expect(nextRefreshSecret(key, secret)).toBe(nextRefreshSecret(key, secret));
    expect(nextRefreshSecret(Buffer.from('other-key'), secret)).not.toBe(nextRefreshSecret(key, secret));
  });

  it('accepts the current secret', () => {
    const { secrets, state, now } = chain(newRefreshSecret(), 3, 60);
    expect(judgeRefreshSecret(secrets[3], state, key, now, 10)).toBe('current');
  });

  it('accepts the secret replaced inside the grace window', () => {
    const { secrets, state, now } = chain(newRefreshSecret(), 1, 5);
    expect(judgeRefreshSecret(secrets[0], state, key, now, 10)).toBe('grace');
  });

  it('calls the replaced secret reuse once the grace window has passed', () => {
    const { secrets, state, now } = chain(newRefreshSecret(), 1, 11);
    expect(judgeRefreshSecret(secrets[0], state, key, now, 10)).toBe('reused');
  });

  it('calls any older secret reuse, even inside the grace window', () => {
    const { secrets, state, now } = chain(newRefreshSecret(), 4, 1);
    expect(judgeRefreshSecret(secrets[1], state, key, now, 10)).toBe('reused');
  });

  it('calls a secret that is not in the chain invalid, not reuse', () => {
    const { state, now } = chain(newRefreshSecret(), 4, 1);
    expect(judgeRefreshSecret(newRefreshSecret(), state, key, now, 10)).toBe('invalid');
  });
});
