import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time string comparison, whatever the lengths (both sides are hashed to 32 bytes first). */
export function safeEqual(a: string, b: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b)) && a.length === b.length;
}
