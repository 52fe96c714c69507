import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.factory.js';
import type { Clock } from '../../src/common/clock.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadConfig } from '../../src/config/env.js';
import { AppLog } from './app-log.js';
import { copyMigratedDatabase, releaseWorkerDataDir, takeWorkerDataDir } from './embedded-template.js';

export const TEST_SECRET = 'e2e-test-secret-e2e-test-secret-e2e-test';
export const ADMIN_KEY = 'e2e-admin-key';
export const PASSWORD = 'correct horse battery';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  http: TestAgent;
  /** What the app logged (unless the test gave a destination of its own): never on the console. */
  log: AppLog;
  /** Stops the app; `keepData` leaves the embedded data folder for a restart on it. */
  close(keepData?: boolean): Promise<void>;
}

export interface StartOptions {
  /** The embedded engine's folder, to restart on the same data (default: the worker's, or a new temporary one). */
  dataDir?: string;
  /** Where the log goes instead of `log` (a test that watches several apps' lines as they come). */
  logDestination?: DestinationStream;
  /** On the embedded engine, create the database as a first start does (initdb), instead of copying the run's. */
  fromScratch?: boolean;
  /** The app's clock for scheduled work (reminders), when the test moves time itself. */
  clock?: Clock;
}

/**
 * The real application over HTTP: PostgreSQL from DATABASE_URL when set (the worker's own database), else the
 * embedded engine on a copy of the run's migrated database (embedded-template.ts): the worker's folder, which its
 * apps use one after another, or a folder of its own for a test that restarts on its data or needs a second app at
 * once. Real bcrypt (cost 4 to keep the suite quick), real JWTs.
 */
export async function startApp(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestApp> {
  const embedded = !(env.DATABASE_URL ?? process.env.DATABASE_URL);
  const workerDataDir = embedded && !options.dataDir && !options.fromScratch ? takeWorkerDataDir() : null;
  const dataDir = options.dataDir ?? workerDataDir ?? mkdtempSync(join(tmpdir(), 'vitalis-e2e-'));
  const config = loadConfig({
    DATABASE_URL: process.env.DATABASE_URL,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_SECRET,
    KEY_FOR_ADMIN: ADMIN_KEY,
    BCRYPT_ROUNDS: '4',
    // One IP sends every request of a suite; the rate-limit tests set their own limits.
    AUTH_RATE_LIMIT: '1000000',
    API_RATE_LIMIT: '1000000',
    LOG_LEVEL: 'error',
    // Mail is on where a suite reads it (it gives an SMTP server, or asks for the mailbox): elsewhere the mails a
    // suite's registrations and bookings queue would wait in the worker's database for the next suite that sends.
    MAIL_DISABLED: env.SMTP_URL ? 'false' : 'true',
    ...env,
  });
  if (config.databaseUrl === null && !options.fromScratch) {
    await copyMigratedDatabase(dataDir);
  }
  const log = new AppLog();
  const app = await createApp(config, {
    logDestination: options.logDestination ?? log,
    clock: options.clock,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    http: request(app.getHttpServer()),
    log,
    async close(keepData = false) {
      await app.close();
      if (workerDataDir) {
        releaseWorkerDataDir();
      } else if (!keepData) {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@vitalis.test`;
}

export interface LoggedIn {
  id: string;
  email: string;
  token: string;
  refreshToken: string;
  cookies: string[];
  auth: { authorization: string };
}

export async function register(
  http: TestAgent,
  body: Record<string, unknown> = {},
): Promise<{ id: string; email: string }> {
  const email = uniqueEmail();
  const response = await http
    .post('/auth/register')
    .send({ name: 'Ana', surname: 'Prueba', email, password: PASSWORD, ...body })
    .expect(201);
  return { id: response.body.id, email: response.body.email };
}

export async function login(
  http: TestAgent,
  email: string,
  password = PASSWORD,
  userAgent?: string,
): Promise<LoggedIn> {
  const response = await http
    .post('/auth/login')
    .set('user-agent', userAgent ?? 'jest')
    .send({ email, password })
    .expect(200);
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return {
    id: response.body.id,
    email,
    token: response.body.token,
    refreshToken: response.body.refreshToken,
    cookies,
    auth: { authorization: `Bearer ${response.body.token}` },
  };
}

/** A fresh patient (rol user), logged in. */
export async function patient(http: TestAgent): Promise<LoggedIn> {
  const { email } = await register(http);
  return login(http, email);
}

/** A fresh admin (registered with the admin key), logged in. */
export async function admin(http: TestAgent): Promise<LoggedIn> {
  const { email } = await register(http, { adminKey: ADMIN_KEY });
  return login(http, email);
}

/** A fresh doctor, created by an admin, logged in. */
export async function doctor(http: TestAgent, by: LoggedIn, specialty = 'Cardiología'): Promise<LoggedIn> {
  const email = uniqueEmail('doctor');
  await http
    .post('/api/users')
    .set(by.auth)
    .send({ name: 'Luis', surname: 'Médico', email, password: PASSWORD, rol: 'doctor', specialty })
    .expect(201);
  return login(http, email);
}

/** The value of one cookie from a list of Set-Cookie headers. */
export function cookieValue(setCookies: string[], name: string): string | undefined {
  const line = setCookies.find((cookie) => cookie.startsWith(`${name}=`));
  return line?.slice(name.length + 1).split(';')[0];
}

/** A Cookie request header carrying these cookies. */
export function cookieHeader(setCookies: string[], ...names: string[]): string {
  return names.map((name) => `${name}=${cookieValue(setCookies, name) ?? ''}`).join('; ');
}

/** Starts listening on a free loopback port (sockets need a real server) and gives its base URL. */
export async function listen(test: TestApp): Promise<string> {
  await test.app.listen(0, '127.0.0.1');
  return (await test.app.getUrl()).replace('[::1]', '127.0.0.1');
}

/** POST /auth/login from the client address `ip` (sent as X-Forwarded-For: for an app with TRUST_PROXY). */
export function loginFrom(http: TestAgent, ip: string, email: string, password: string) {
  return http.post('/auth/login').set('x-forwarded-for', ip).send({ email, password });
}
