import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { PASSWORD, TEST_SECRET, uniqueEmail } from './helpers.js';
import { chatSocket, connected, dropped } from './sockets.js';

/** The built server (`node dist/src/main.js`, as in production) in a child process, to send it a real SIGTERM. */
describe('graceful shutdown on SIGTERM', () => {
  let server: ChildProcess;
  let base: string;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-shutdown-'));

  async function freePort(): Promise<number> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    return port;
  }

  beforeAll(async () => {
    execFileSync('npx', ['nest', 'build'], { stdio: 'ignore' });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['dist/src/main.js'], {
      env: {
        PATH: process.env.PATH,
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
        DATA_DIR: dataDir,
        PORT: String(port),
        JWT_SECRET: TEST_SECRET,
        // The slowest bcrypt there is: a login takes seconds, long enough to be in flight at SIGTERM.
        BCRYPT_ROUNDS: '15',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; i < 240 && !output.includes('Swagger UI at'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!output.includes('Swagger UI at')) {
      throw new Error(`the server did not start:\n${output}`);
    }
  }, 120_000);

  afterAll(() => {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the request in flight, drops the sockets, refuses new connections and exits 0', async () => {
    const http = request(base);
    const email = uniqueEmail('shutdown');
    await http
      .post('/auth/register')
      .send({ name: 'Sara', surname: 'Cierre', email, password: PASSWORD })
      .expect(201);
    const session = await http.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
    const socket = await connected(chatSocket(base, { auth: { token: session.body.token } }));
    const socketGone = dropped(socket);
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));

    let answeredAt = 0;
    const slowLogin = http
      .post('/auth/login')
      .send({ email, password: PASSWORD })
      .then((response) => {
        answeredAt = Date.now();
        return response;
      });
    // Give the request time to reach the server; bcrypt at cost 15 then keeps it busy for seconds, and the
    // assertion below on answeredAt shows it was still in flight at the signal.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalledAt = Date.now();
    server.kill('SIGTERM');

    const response = await slowLogin;
    expect(response.status).toBe(200);
    expect(response.body.token).toEqual(expect.any(String));
    expect(answeredAt).toBeGreaterThan(signalledAt);
    // The connection closes under the socket ('transport close'), so clients reconnect, to another instance.
    await expect(socketGone).resolves.toBe('transport close');
    await expect(exited).resolves.toBe(0);
    await expect(request(base).get('/health')).rejects.toThrow(/ECONNREFUSED/);
    expect(output).toContain('SIGTERM: finishing in-flight requests');
  });
});
