/**
 * npm run bench: figures and ratios measured in one run, never pass/fail. Uses DATABASE_URL when set, else a
 * throwaway embedded database. Loopback only; every loop is bounded in time.
 */
import 'reflect-metadata';
import jwt from 'jsonwebtoken';
import { createSecretKey, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/env.js';
import { findCare } from './find-care.js';
import { listQueries } from './list-queries.js';
import { sideBySide } from './side-by-side.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = 16;

/** Calls `fn` as often as it can for `seconds`; answers operations per second. */
function opsPerSecond(fn: () => void, seconds = 1): number {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < end) {
    fn();
    count++;
  }
  return count / seconds;
}

/** `CONCURRENCY` loops of sequential requests for `SECONDS`; answers requests per second and the failures. */
async function requestsPerSecond(url: string, init: RequestInit): Promise<{ rate: number; failed: number }> {
  const end = performance.now() + SECONDS * 1000;
  let done = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const response = await fetch(url, init);
        await response.arrayBuffer();
        if (response.ok) {
          done++;
        } else {
          failed++;
        }
      }
    }),
  );
  return { rate: done / SECONDS, failed };
}

/** message:send over one /chat socket, `CONCURRENCY` acknowledgements awaited at a time, for `SECONDS`. */
async function socketSendsPerSecond(base: string, token: string): Promise<{ rate: number; failed: number }> {
  const socket = io(`${base}/chat`, { transports: ['websocket'], auth: { token }, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const end = performance.now() + SECONDS * 1000;
  let done = 0;
  let failed = 0;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < end) {
          const ack = (await socket.emitWithAck('message:send', {
            body: 'Hola, ¿a qué hora abre la clínica?',
          })) as {
            message?: unknown;
          };
          if (ack.message) {
            done++;
          } else {
            failed++;
          }
        }
      }),
    );
  } finally {
    socket.close();
  }
  return { rate: done / SECONDS, failed };
}

function jwtVerification(): void {
  const secret = 'bench-secret-bench-secret-bench-secret!';
  const key = createSecretKey(Buffer.from(secret));
  const options = { algorithms: ['HS256' as const], issuer: 'vitalis', audience: 'vitalis-api' };
  const token = jwt.sign({ sub: randomUUID(), sid: randomUUID() }, key, {
    algorithm: 'HS256',
    issuer: options.issuer,
    audience: options.audience,
    expiresIn: 900,
  });
  const withString = opsPerSecond(() => jwt.verify(token, secret, options));
  const withKey = opsPerSecond(() => jwt.verify(token, key, options));
  console.log(`JWT verify, string secret     ${withString.toFixed(0).padStart(8)} ops/s`);
  console.log(
    `JWT verify, KeyObject         ${withKey.toFixed(0).padStart(8)} ops/s   (${(withKey / withString).toFixed(1)}x)`,
  );
}

/** In one process: a chat message stored and pushed over REST against the socket's message:send. */
async function chat(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-bench-'));
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: dataDir,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret!',
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'error',
    // The benchmark is one client hammering: the limits would measure themselves.
    AUTH_RATE_LIMIT: '1000000',
    API_RATE_LIMIT: '1000000',
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  try {
    const email = `bench-${randomUUID().slice(0, 8)}@vitalis.test`;
    const json = { 'content-type': 'application/json' };
    await fetch(`${base}/auth/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'Bench', surname: 'Mark', email, password: 'bench password' }),
    });
    const login = (await (
      await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email, password: 'bench password' }),
      })
    ).json()) as { token: string };
    // A chat message stored and pushed: REST POST against the socket's message:send (acknowledged once stored).
    const body = JSON.stringify({ body: 'Hola, ¿a qué hora abre la clínica?' });
    const rest = await requestsPerSecond(`${base}/api/messages`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${login.token}` },
      body,
    });
    const socket = await socketSendsPerSecond(base, login.token);
    console.log(
      `POST /api/messages (REST)     ${rest.rate.toFixed(0).padStart(8)} msg/s   failed ${rest.failed}`,
    );
    console.log(
      `message:send (socket, ack)    ${socket.rate.toFixed(0).padStart(8)} msg/s   failed ${socket.failed}   ` +
        `(${(socket.rate / rest.rate).toFixed(2)}x of REST, one socket, ${CONCURRENCY} in flight)`,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

jwtVerification();
await sideBySide(process.env.DATABASE_URL);
console.log('');
await chat();
if (process.env.DATABASE_URL) {
  await listQueries(process.env.DATABASE_URL);
  await findCare(process.env.DATABASE_URL);
} else {
  console.log(
    '\n(list statements and GET /api/availability at 100k appointments: set DATABASE_URL to a PostgreSQL server to measure them)',
  );
}
