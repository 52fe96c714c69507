import { resolve } from 'node:path';

/** What PSUBSCRIBE reads as a pattern (the Socket.IO adapter subscribes to `<prefix>…#*`), and spaces. */
export const PATTERN_CHARACTER = /[*?[\]\\\s]/;

/**
 * Redis pub/sub ignores the database index, so deployments sharing a Redis server are kept apart by a prefix of
 * every key and channel: by default `vitalis:` and the database DATABASE_URL names (its user's name when it names
 * none, as PostgreSQL does), or the embedded engine's absolute data folder.
 */
export function defaultRedisPrefix(databaseUrl: string | null, dataDir: string): string {
  const deployment = databaseUrl === null ? resolve(dataDir) : databaseName(new URL(databaseUrl));
  return `vitalis:${deployment.replace(new RegExp(PATTERN_CHARACTER, 'g'), '_')}`;
}

function databaseName(url: URL): string {
  return decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
}
