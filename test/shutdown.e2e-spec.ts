import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { buildOnce, freePort, MAIN, untilServing } from './support/built-server.js';
import { copyMigratedDatabase } from './support/embedded-template.js';
import { PASSWORD, TEST_SECRET, uniqueEmail } from './support/helpers.js';
import { chatSocket, connected, dropped } from './support/sockets.js';

interface Answer {
  status: number;
  body: { token?: string };
}

/**
 * A POST whose headers the server has read (it answered `100 Continue`, so the request is routed and in flight)
 * and whose body is held back until `send()`: a request in flight for as long as the test wants, whatever the
 * machine's speed.
 */
async function heldPost(url: string, body: object): Promise<{ send(): Promise<Answer> }> {
  const payload = JSON.stringify(body);
  const call = httpRequest(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      expect: '100-continue',
    },
  });
  const answered = new Promise<Answer>((resolve, reject) => {
    call.once('error', reject);
    call.once('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.once('end', () =>
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Answer['body'] }),
      );
    });
  });
  call.flushHeaders();
  await once(call, 'continue');
  return {
    send() {
      call.end(payload);
      return answered;
    },
  };
}

/** Resolves once the server refuses new connections (it has stopped listening). */
async function untilRefusing(base: string): Promise<void> {
  while (
    await request(base)
      .get('/health')
      .then(
        () => true,
        (error: Error) => !/ECONNREFUSED/.test(error.message),
      )
  ) {
    await sleep(50);
  }
}

/** The built server (`node dist/src/main.js`, as in production) in a child process, to send it a real SIGTERM. */
describe('graceful shutdown on SIGTERM', () => {
  let server: ChildProcess;
  let base: string;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-shutdown-'));

  beforeAll(async () => {
    await buildOnce();
    if (!process.env.DATABASE_URL) {
      await copyMigratedDatabase(dataDir);
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
        DATA_DIR: dataDir,
        PORT: String(port),
        JWT_SECRET: TEST_SECRET,
        BCRYPT_ROUNDS: '4',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await untilServing(base, server).catch((error: Error) => {
      throw new Error(`${error.message}:\n${output}`);
    });
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

    const inFlight = await heldPost(`${base}/auth/login`, { email, password: PASSWORD });
    server.kill('SIGTERM');
    // The server has stopped taking connections while this login is still in flight; only now does its body go.
    await untilRefusing(base);
    const response = await inFlight.send();

    expect(response.status).toBe(200);
    expect(response.body.token).toEqual(expect.any(String));
    // The connection closes under the socket ('transport close'), so clients reconnect, to another instance.
    await expect(socketGone).resolves.toBe('transport close');
    await expect(exited).resolves.toBe(0);
    await expect(request(base).get('/health')).rejects.toThrow(/ECONNREFUSED/);
    expect(output).toContain('SIGTERM: finishing in-flight requests');
  });
});
