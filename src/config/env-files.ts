import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** Read in this order; a later file wins over an earlier one, and the real environment over both. */
export const ENV_FILES = ['.env', '.env.local'];

/**
 * Loads `.env` and `.env.local` from `dir` into `env` (Node's own parser, dotenv syntax). A variable already set in
 * the real environment is never overwritten. Answers the files it read, for the start-up banner.
 */
export function loadEnvFiles(dir: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string[] {
  const fromFiles: Record<string, string> = {};
  const read: string[] = [];
  for (const name of ENV_FILES) {
    const path = join(dir, name);
    if (existsSync(path)) {
      Object.assign(fromFiles, parseEnv(readFileSync(path, 'utf8')));
      read.push(name);
    }
  }
  for (const [key, value] of Object.entries(fromFiles)) {
    if (env[key] === undefined) {
      env[key] = value;
    }
  }
  return read;
}
