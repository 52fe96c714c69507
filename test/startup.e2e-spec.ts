import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { buildOnce, freePort, MAIN, untilServing } from './support/built-server.js';
import { copyMigratedDatabase } from './support/embedded-template.js';
import { TEST_SECRET } from './support/helpers.js';

/** Runs the built server to its exit; its combined output and exit code. */
function runToExit(
  env: Record<string, string>,
  cwd = process.cwd(),
): Promise<{ output: string; code: number | null }> {
  const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env }, cwd });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((done) => child.on('exit', (code) => done({ output, code })));
}

/**
 * Without DATABASE_URL, the server's data folder gets a copy of the run's migrated database: these starts are about
 * settings and errors, and PGlite's initdb would cost each one seconds (`embedded-first-start` proves that one).
 */
async function onEmbeddedCopy(dataDir: string): Promise<void> {
  if (!process.env.DATABASE_URL) {
    await copyMigratedDatabase(dataDir);
  }
}

/** The built server (`node dist/src/main.js`), as a newcomer starts it (issue 10, "Settings"). */
describe('starting the server', () => {
  const folders: string[] = [];
  /** A folder of its own for each start (an embedded database left by a failed start is not reused). */
  const folder = (): string => {
    folders.push(mkdtempSync(join(tmpdir(), 'vitalis-startup-')));
    return folders[folders.length - 1];
  };

  beforeAll(() => buildOnce());

  afterAll(() => {
    for (const path of folders) {
      rmSync(path, { recursive: true, force: true });
    }
  });

  const base = () => ({ JWT_SECRET: TEST_SECRET, DATA_DIR: folder(), LOG_LEVEL: 'warn' });

  it('says in one line that the database does not exist, how to create it, and exits 1 without retrying', async () => {
    const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    server.pathname = '/vitalis_missing_db';
    const { output, code } = await runToExit({ ...base(), DATABASE_URL: server.toString() });
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Vitalis cannot start: database "vitalis_missing_db" does not exist on .* createdb/,
      ),
    ]);
  });

  it('says in one line that the port is taken, and exits 1', async () => {
    const taken: Server = createServer();
    const port = await freePort();
    await new Promise<void>((done) => taken.listen(port, '127.0.0.1', done));
    try {
      const env = {
        ...base(),
        PORT: String(port),
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      };
      await onEmbeddedCopy(env.DATA_DIR);
      const { output, code } = await runToExit(env);
      expect(code).toBe(1);
      expect(output).toContain(`Vitalis cannot start: port ${port} is already in use`);
      expect(output).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  });

  it('says in one line that the embedded database is in use by another process, and exits 1', async () => {
    const env = base();
    // A live process (this test's own) holds the folder's lock, as a running server or `npm run seed` would.
    writeFileSync(join(env.DATA_DIR, 'embedded.pid'), String(process.pid));
    const { output, code } = await runToExit(env);
    expect(code).toBe(1);
    expect(output).toContain(
      `Vitalis cannot start: the embedded database in ${env.DATA_DIR} is in use by process`,
    );
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('reads .env and .env.local from its folder, with the real environment winning', async () => {
    const cwd = folder();
    const port = await freePort();
    writeFileSync(
      join(cwd, '.env'),
      `PORT=1\nDEFAULT_LOCALE=en\nDATA_DIR=${join(cwd, 'data')}\nJWT_SECRET=${TEST_SECRET}\nLOG_LEVEL=warn\n`,
    );
    writeFileSync(join(cwd, '.env.local'), `PORT=${port}\nDEFAULT_LOCALE=en\n`);
    await onEmbeddedCopy(join(cwd, 'data'));
    const child: ChildProcess = spawn(process.execPath, [MAIN], {
      cwd,
      env: {
        PATH: process.env.PATH,
        DEFAULT_LOCALE: 'es',
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      },
      stdio: 'ignore',
    });
    try {
      const http = request(`http://127.0.0.1:${port}`);
      await expect(untilServing(`http://127.0.0.1:${port}`, child)).resolves.toBeUndefined();
      // DEFAULT_LOCALE=es from the real environment beat the files' en.
      const refused = await http.get('/auth/me').expect(401);
      expect(refused.body.message).toBe('No hay token en la petición');
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
  });
});
