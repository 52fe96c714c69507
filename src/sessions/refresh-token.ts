import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Refresh tokens are `<sessionId>.<generation>.<secret>`, where the secret is HMAC(key, sessionId, generation,
 * salt) and the salt is a random value kept on the session row. The token itself is never stored, and the row
 * alone (without the server's key) yields no token. Deriving the secret instead of drawing it gives, in
 * constant work whatever the session's history (an attacker controls that history):
 * - two refreshes racing with the same token get the same new token (the grace window is idempotent);
 * - an older token is recognised as really issued for the session (reuse), and a made-up one is not (its MAC
 *   fails), so only genuine reuse revokes the session.
 */
export interface ParsedRefreshToken {
  sessionId: string;
  generation: number;
  secret: string;
}

export type RefreshVerdict = 'current' | 'grace' | 'reused' | 'invalid';

/** What the session row holds to verify its tokens. */
export interface RefreshState {
  salt: string;
  generation: number;
  rotatedAt: Date | null;
}

const TOKEN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(0|[1-9][0-9]{0,9})\.([A-Za-z0-9_-]{43})$/;
/** PostgreSQL's integer column. */
export const MAX_GENERATION = 2 ** 31 - 1;

export function newRefreshSalt(): string {
  return randomBytes(32).toString('base64url');
}

export function refreshSecret(key: Buffer, sessionId: string, generation: number, salt: string): string {
  return createHmac('sha256', key).update(`${sessionId}.${generation}.${salt}`).digest('base64url');
}

export function formatRefreshToken(key: Buffer, sessionId: string, generation: number, salt: string): string {
  return `${sessionId}.${generation}.${refreshSecret(key, sessionId, generation, salt)}`;
}

export function parseRefreshToken(token: string): ParsedRefreshToken | null {
  const match = TOKEN.exec(token);
  if (!match || Number(match[2]) > MAX_GENERATION) {
    return null;
  }
  return { sessionId: match[1], generation: Number(match[2]), secret: match[3] };
}

/**
 * What a presented token is for this session: the current one, the one just replaced (inside the grace
 * window), an older one really issued for it (reuse), or none of ours. One HMAC per key, whatever the generation.
 */
export function judgeRefreshToken(
  token: ParsedRefreshToken,
  state: RefreshState,
  keys: readonly Buffer[],
  now: Date,
  graceSeconds: number,
): RefreshVerdict {
  if (token.generation > state.generation) {
    return 'invalid';
  }
  // The current key, then the previous ones (a JWT_SECRET rotation must not log everyone out): as many HMACs as
  // configured keys, never more.
  const presented = Buffer.from(token.secret);
  const ours = keys.some((key) =>
    timingSafeEqual(
      Buffer.from(refreshSecret(key, token.sessionId, token.generation, state.salt)),
      presented,
    ),
  );
  if (!ours) {
    return 'invalid';
  }
  if (token.generation === state.generation) {
    return 'current';
  }
  const inGrace =
    token.generation === state.generation - 1 &&
    state.rotatedAt !== null &&
    now.getTime() - state.rotatedAt.getTime() < graceSeconds * 1000;
  return inGrace ? 'grace' : 'reused';
}
