import {
  formatRefreshToken,
  judgeRefreshToken,
  MAX_GENERATION,
  newRefreshSalt,
  parseRefreshToken,
  type RefreshState,
} from './refresh-token.js';

const key = Buffer.from('k'.repeat(32));
const sessionId = '2f1c7f52-9b7e-4d55-a0c4-2a8d8a6f3b11';
const now = new Date('2026-01-01T12:00:00Z');

/** A session rotated `generation` times, the last one `secondsAgo` seconds ago. */
function state(generation: number, secondsAgo = 0): RefreshState {
  return {
    salt: newRefreshSalt(),
    generation,
    rotatedAt: generation > 0 ? new Date(now.getTime() - secondsAgo * 1000) : null,
  };
}

function judge(generation: number, of: RefreshState, salt = of.salt): string {
  const token = parseRefreshToken(formatRefreshToken(key, sessionId, generation, salt));
  return token ? judgeRefreshToken(token, of, [key], now, 10) : 'malformed';
}

describe('refresh tokens', () => {
  it('formats and parses <sessionId>.<generation>.<secret>', () => {
    const token = formatRefreshToken(key, sessionId, 42, newRefreshSalt());
    expect(parseRefreshToken(token)).toEqual({ sessionId, generation: 42, secret: token.split('.')[2] });
  });

  it.each([
    '',
    'abc',
    `${sessionId}`,
    `${sessionId}.${'a'.repeat(43)}`,
    `${sessionId}.1.short`,
    `${sessionId}.01.${'a'.repeat(43)}`,
    `${sessionId}.-1.${'a'.repeat(43)}`,
    `${sessionId}.${MAX_GENERATION + 1}.${'a'.repeat(43)}`,
    `not-a-uuid.1.${'a'.repeat(43)}`,
    `${sessionId}.1.${'a'.repeat(43)}.x`,
  ])('refuses the malformed token %j', (token) => {
    expect(parseRefreshToken(token)).toBeNull();
  });

  it('derives the same token for the same session, generation and salt (racing refreshes agree)', () => {
    const salt = newRefreshSalt();
    expect(formatRefreshToken(key, sessionId, 3, salt)).toBe(formatRefreshToken(key, sessionId, 3, salt));
    expect(formatRefreshToken(Buffer.from('other-key'), sessionId, 3, salt)).not.toBe(
      formatRefreshToken(key, sessionId, 3, salt),
    );
  });

  it('accepts the current token', () => {
    expect(judge(3, state(3, 60))).toBe('current');
  });

  it('accepts the token replaced inside the grace window', () => {
    expect(judge(0, state(1, 5))).toBe('grace');
  });

  it('calls the replaced token reuse once the grace window has passed', () => {
    expect(judge(0, state(1, 11))).toBe('reused');
  });

  it('calls any older token reuse, even inside the grace window', () => {
    expect(judge(1, state(4, 1))).toBe('reused');
  });

  it('calls a token from another salt, or from a generation still to come, invalid, not reuse', () => {
    const session = state(4, 1);
    expect(judge(2, session, newRefreshSalt())).toBe('invalid');
    expect(judge(5, session)).toBe('invalid');
  });

  it('verifies a token made with a previous key (JWT_SECRET rotation) but not with an unknown one', () => {
    const session = state(2, 60);
    const token = parseRefreshToken(formatRefreshToken(key, sessionId, 2, session.salt))!;
    const newKey = Buffer.from('n'.repeat(32));
    expect(judgeRefreshToken(token, session, [newKey, key], now, 10)).toBe('current');
    expect(judgeRefreshToken(token, session, [newKey], now, 10)).toBe('invalid');
  });

  it('judges a token of a session rotated a million times in one step', () => {
    expect(judge(999_999, state(1_000_000, 60))).toBe('reused');
    expect(judge(1_000_000, state(1_000_000, 60))).toBe('current');
  });
});
