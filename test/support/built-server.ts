import { type ChildProcess, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
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
