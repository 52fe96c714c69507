import { createHash, randomBytes } from 'node:crypto';

/** A link token: 256 random bits, base64url. Only its hash is stored, so a copy of the database opens nothing. */
export function newAccountToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashAccountToken(token) };
}

export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
