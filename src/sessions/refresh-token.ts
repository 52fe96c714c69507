import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Refresh tokens are `<sessionId>.<secret>`. The first secret is random; each rotation derives the next one as
 * HMAC(key, previous). Only SHA-256 hashes are stored. Deriving instead of drawing a new random value gives two
 * properties without keeping old hashes around:
 * - two refreshes racing with the same token get the same new token (the grace window is idempotent);
 * - a rotated-away token is recognised as ours by walking the chain forward, so reuse can be told apart from
 *   garbage (only genuine reuse revokes the session; a forged token cannot).
 * Without the key, a stolen token does not reveal its successors.
 */
export interface ParsedRefreshToken {
  sessionId: string;
  secret: string;
}

export type RefreshVerdict = 'current' | 'grace' | 'reused' | 'invalid';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function newRefreshSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function nextRefreshSecret(key: Buffer, secret: string): string {
  return createHmac('sha256', key).update(secret).digest('base64url');
}

export function hashRefreshSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function formatRefreshToken(sessionId: string, secret: string): string {
  return `${sessionId}.${secret}`;
}

export function parseRefreshToken(token: string): ParsedRefreshToken | null {
  const [sessionId, secret, ...rest] = token.split('.');
  if (rest.length > 0 || !UUID.test(sessionId ?? '') || !SECRET.test(secret ?? '')) {
    return null;
  }
  return { sessionId, secret };
}

export interface ChainState {
  refreshHash: string;
  generation: number;
  rotatedAt: Date | null;
}

/**
 * What a presented secret is for this session: the current one, the one just replaced (inside the grace
 * window), an older rotated-away one (reuse), or none of ours.
 */
export function judgeRefreshSecret(
  secret: string,
  state: ChainState,
  key: Buffer,
  now: Date,
  graceSeconds: number,
): RefreshVerdict {
  if (sameHash(hashRefreshSecret(secret), state.refreshHash)) {
    return 'current';
  }
  let candidate = secret;
  for (let step = 1; step <= state.generation; step++) {
    candidate = nextRefreshSecret(key, candidate);
    if (sameHash(hashRefreshSecret(candidate), state.refreshHash)) {
      const inGrace =
        step === 1 &&
        state.rotatedAt !== null &&
        now.getTime() - state.rotatedAt.getTime() < graceSeconds * 1000;
      return inGrace ? 'grace' : 'reused';
    }
  }
  return 'invalid';
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
