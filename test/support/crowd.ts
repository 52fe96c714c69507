import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type TestAgent from 'supertest/lib/agent.js';
import { slotAt } from './clock.js';
import { login, type LoggedIn } from './helpers.js';

/** Crowds of bookings for the concurrency specs: people seeded in bulk, requests fired from another process. */

export interface BurstRequest {
  method: 'post';
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** The instance this one goes to (default: the one `fire` is given). */
  url?: string;
}

/**
 * Sends the requests all at once from a process of its own (burst.js: another core than the server, whose own
 * work would otherwise space the requests out); their statuses.
 */
export async function fire(url: string, requests: BurstRequest[]): Promise<number[]> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./burst.js', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(JSON.stringify({ url, requests }));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  expect(code).toBe(0);
  return JSON.parse(output) as number[];
}

/** How many answers of each status, e.g. { 201: 1, 409: 99 }. */
export type Outcome = Record<number, number>;

export function outcomeOf(statuses: number[]): Outcome {
  const counts: Outcome = {};
  for (const status of statuses) {
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/** The k-th 30-minute slot, days ahead (k hours apart: slots never overlap). */
export function slot(k: number): { startsAt: string; endsAt: string } {
  return slotAt(48 + k);
}

export const booking = (who: LoggedIn, body: Record<string, unknown>, url?: string): BurstRequest => ({
  method: 'post',
  path: '/api/appointments',
  headers: who.auth,
  body,
  ...(url ? { url } : {}),
});

type Query = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * `count` users of one role straight into the database (hundreds of registrations through HTTP would dominate the
 * run), reusing the password hash of `template`, a user registered through the API; in creation order.
 */
export async function seedPeople(
  query: Query,
  template: { id: string },
  rol: 'user' | 'doctor',
  count: number,
): Promise<{ id: string; email: string }[]> {
  const [{ hash }] = await query<{ hash: string }>('SELECT password_hash AS hash FROM users WHERE id = $1', [
    template.id,
  ]);
  return query<{ id: string; email: string }>(
    `INSERT INTO users (name, surname, email, password_hash, rol, specialty)
     SELECT 'Multitud', 'Prueba ' || i, 'crowd-' || $2 || '-' || i || '@vitalis.test', $1, $3::user_role,
            CASE WHEN $3 = 'doctor' THEN 'Cardiología' END
     FROM generate_series(1, ${count}) AS i
     ORDER BY i
     RETURNING id, email`,
    [hash, `${rol}-${randomUUID().slice(0, 8)}`, rol],
  );
}

/** Real logins over HTTP, 20 at a time. */
export async function loginAll(http: TestAgent, people: { email: string }[]): Promise<LoggedIn[]> {
  const loggedIn: LoggedIn[] = [];
  for (let i = 0; i < people.length; i += 20) {
    loggedIn.push(...(await Promise.all(people.slice(i, i + 20).map(({ email }) => login(http, email)))));
  }
  return loggedIn;
}
