import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { copyMigratedDatabase } from './embedded-template.js';
import { TEST_SECRET } from './helpers.js';
import { oncePerRun } from './once-per-run.js';

/** The built server, as production runs it. */
export const MAIN = resolve('dist/src/main.js');

/**
 * Builds the app (`scripts/build.js`; nothing to do when dist/ is current) once per run: the suites that start
 * `node dist/src/main.js` may run in two workers at once, and a second build empties dist/ under the first one's
 * server.
 */
export function buildOnce(): Promise<void> {
  return oncePerRun('build', () => {
    execFileSync('node', ['scripts/build.js', '--if-changed'], { stdio: 'ignore' });
    return Promise.resolve();
  });
}

/** A loopback port nothing listens on (for a child server, which must be told its port). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return port;
}

/**
 * Resolves once the server at `base` answers GET /health with 200, however long its start takes on a busy machine
 * (the test's timeout bounds it); rejects at once if the process exits first.
 */
export async function untilServing(base: string, server: ChildProcess): Promise<void> {
  const exited = new Promise<never>((_, reject) => {
    const gone = (code: number | null) => reject(new Error(`the server exited (${code}) before it served`));
    if (server.exitCode !== null) {
      gone(server.exitCode);
    }
    server.once('exit', gone);
  });
  exited.catch(() => undefined);
  for (;;) {
    const up = await Promise.race([
      request(base)
        .get('/health')
        .then(
          (response) => response.status === 200,
          () => false,
        ),
      exited,
    ]);
    if (up) {
      return;
    }
    await Promise.race([sleep(100), exited]);
  }
}

/** The built server in a child process, to send it real signals. */
export interface BuiltServer {
  base: string;
  child: ChildProcess;
  /** What it wrote on stdout and stderr so far. */
  output(): string;
  /** Its exit code, once it has exited. */
  exited: Promise<number | null>;
  /** Kills it (if still running) and removes its data folder. */
  remove(): void;
}

/**
 * `node dist/src/main.js` as production runs it, serving on a free port: on DATABASE_URL when set, else on a copy
 * of the run's migrated embedded database. `env` adds to or overrides the test settings.
 */
export async function startBuiltServer(env: Record<string, string> = {}): Promise<BuiltServer> {
  await buildOnce();
  const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-built-'));
  if (!process.env.DATABASE_URL) {
    await copyMigratedDatabase(dataDir);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      DATA_DIR: dataDir,
      PORT: String(port),
      JWT_SECRET: TEST_SECRET,
      BCRYPT_ROUNDS: '4',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const remove = (): void => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  await untilServing(base, child).catch((error: Error) => {
    remove();
    throw new Error(`${error.message}:\n${output}`);
  });
  return { base, child, output: () => output, exited, remove };
}
