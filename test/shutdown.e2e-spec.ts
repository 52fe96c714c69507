import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { type BuiltServer, startBuiltServer } from './support/built-server.js';
import { PASSWORD, uniqueEmail } from './support/helpers.js';
import { keepAliveLoop, keptAliveGet } from './support/keep-alive.js';
import { chatSocket, connected, dropped } from './support/sockets.js';

interface Answer {
  status: number;
  connection: string | undefined;
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
        resolve({
          status: response.statusCode ?? 0,
          connection: response.headers.connection,
          body: JSON.parse(text) as Answer['body'],
        }),
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

/** A new patient on the server at `base`, logged in. */
async function patientOn(base: string): Promise<{ email: string; token: string }> {
  const email = uniqueEmail('shutdown');
  const http = request(base);
  await http
    .post('/auth/register')
    .send({ name: 'Sara', surname: 'Cierre', email, password: PASSWORD })
    .expect(201);
  const session = await http.post('/auth/login').send({ email, password: PASSWORD }).expect(200);
  return { email, token: session.body.token as string };
}

/** The built server (`node dist/src/main.js`, as in production) in a child process, to send it a real SIGTERM. */
describe('graceful shutdown on SIGTERM', () => {
  let server: BuiltServer | undefined;

  afterEach(() => {
    server?.remove();
    server = undefined;
  });

  it('finishes the request in flight, drops the sockets, refuses new connections and exits 0', async () => {
    server = await startBuiltServer();
    const { base } = server;
    const { email, token } = await patientOn(base);
    const socket = await connected(chatSocket(base, { auth: { token } }));
    const socketGone = dropped(socket);
    // A connection kept alive from before the signal, idle at that moment (a load balancer's, say).
    const prober = new Agent({ keepAlive: true, maxSockets: 1 });
    await expect(keptAliveGet(prober, `${base}/health`)).resolves.toEqual({ status: 200, close: false });

    const inFlight = await heldPost(`${base}/auth/login`, { email, password: PASSWORD });
    server.child.kill('SIGTERM');
    // The server has stopped taking connections while this login is still in flight; only now does its body go.
    await untilRefusing(base);
    // Readiness is down at once, and the kept-alive connection is told to close.
    await expect(keptAliveGet(prober, `${base}/health/ready`)).resolves.toEqual({ status: 503, close: true });
    const response = await inFlight.send();

    expect(response.status).toBe(200);
    expect(response.body.token).toEqual(expect.any(String));
    expect(response.connection).toBe('close');
    // The connection closes under the socket ('transport close'), so clients reconnect, to another instance.
    await expect(socketGone).resolves.toBe('transport close');
    await expect(server.exited).resolves.toBe(0);
    await expect(request(base).get('/health')).rejects.toThrow(/ECONNREFUSED/);
    expect(server.output()).toContain('SIGTERM: finishing in-flight requests');
  });

  // /health answers quickest, so its connections spend the largest share of their time between an answer and the
  // next request: a server dropping them as idle at once would lose one of those requests now and then.
  it.each([
    [2, '/auth/me'],
    [6, '/auth/me'],
    [6, '/health'],
  ])(
    'with %i keep-alive clients looping GET %s: each request answered 200, then refused; exit 0 within 5 s',
    async (clients, path) => {
      server = await startBuiltServer({ API_RATE_LIMIT: '1000000' });
      const auth = { authorization: `Bearer ${(await patientOn(server.base)).token}` };
      const loops = Array.from({ length: clients }, () => keepAliveLoop(`${server!.base}${path}`, auth));
      await Promise.all(loops.map((loop) => loop.answered(5)));

      const signalled = performance.now();
      server.child.kill('SIGTERM');
      const code = await server.exited;
      const tookMs = performance.now() - signalled;
      const outcomes = await Promise.all(loops.map((loop) => loop.done));

      expect(code).toBe(0);
      // Before issue 12 the server kept serving these connections until its 25 s limit, then exited 1.
      expect(tookMs).toBeLessThan(5000);
      for (const { answers, error } of outcomes) {
        // Every request sent got its whole answer: a refused connection is the only way a loop ends.
        expect(error).toBe('ECONNREFUSED');
        expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
        // The last answer told the client to close, so it sent nothing more on that connection.
        expect(answers.at(-1)).toEqual({ status: 200, close: true });
      }
    },
  );
});
