import { listen, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import {
  type Ack as SocketAck,
  chatSocket,
  type ClientSocket,
  connected,
  dropped,
} from './support/sockets.js';

type Ack = SocketAck<{ body: string }>;

/** The JSON text of `depth` arrays inside each other. */
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

let rawAckId = 1_000_000;

/**
 * message:send written as a raw Socket.IO frame, its payload given as JSON text: socket.io-client's own encoder
 * recurses over the payload, and thousands of levels overflow the test's stack before anything is sent.
 */
function sendRaw(socket: ClientSocket, payloadJson: string): Promise<Ack> {
  const id = ++rawAckId;
  const engine = socket.io.engine;
  return new Promise((resolve) => {
    const onMessage = (data: unknown): void => {
      const ack = typeof data === 'string' ? /^3\/chat,(\d+)(.*)$/s.exec(data) : null;
      if (ack && Number(ack[1]) === id) {
        engine.off('message', onMessage);
        resolve((JSON.parse(ack[2]) as Ack[])[0]);
      }
    };
    engine.on('message', onMessage);
    engine.send(`2/chat,${id}["message:send",${payloadJson}]`);
  });
}

describe('chat socket payloads get the limits of HTTP bodies', () => {
  let t: TestApp;
  let url: string;
  let me: LoggedIn;
  let socket: ClientSocket;

  beforeAll(async () => {
    t = await startApp({ LOG_LEVEL: 'info' });
    url = await listen(t);
    me = await patient(t.http);
  });

  beforeEach(async () => {
    socket = await connected(chatSocket(url, { auth: { token: me.token } }));
  });

  afterEach(() => {
    socket.close();
  });

  afterAll(async () => {
    await t.close();
  });

  function send(payload: unknown): Promise<Ack> {
    return socket.timeout(10_000).emitWithAck('message:send', payload) as Promise<Ack>;
  }

  it.each([5_000, 12_000])(
    'refuses a %i-level nested array with VALIDATION_FAILED (field payload), without a stack trace in the log',
    async (depth) => {
      const mark = t.log.text.length;
      for (const payload of [nested(depth), `{"body":"hola","extra":${nested(depth)}}`]) {
        const ack = await sendRaw(socket, payload);
        expect(ack).toEqual({
          error: {
            code: 'VALIDATION_FAILED',
            message: 'Los datos enviados no son válidos',
            errors: [{ field: 'payload', messages: ['anida más de 32 niveles'] }],
          },
        });
      }
      // The socket is still usable (and its round trip gives the log time to arrive).
      expect(await send({ body: 'sigo aquí' })).toMatchObject({ message: { body: 'sigo aquí' } });
      expect(t.log.errors(mark)).toEqual([]);
    },
  );

  it('takes 32 levels like HTTP (then refuses the unknown field), and refuses 33', async () => {
    const at32 = await sendRaw(socket, `{"body":"hola","extra":${nested(31)}}`);
    expect(at32).toMatchObject({ error: { code: 'VALIDATION_FAILED', errors: [{ field: 'extra' }] } });
    const at33 = await sendRaw(socket, `{"body":"hola","extra":${nested(32)}}`);
    expect(at33).toMatchObject({ error: { code: 'VALIDATION_FAILED', errors: [{ field: 'payload' }] } });
  });

  it.each([
    ['an own __proto__ key', JSON.parse('{"body":"hola","__proto__":{"rol":"admin"}}'), '__proto__'],
    [
      'a constructor.prototype key',
      { body: 'hola', constructor: { prototype: { rol: 'admin' } } },
      'constructor',
    ],
    ['a nested prototype key', { body: 'hola', userId: { prototype: 1 } }, 'userId.prototype'],
    ['a NUL character', { body: 'ho\u0000la' }, 'body'],
  ])('refuses %s like HTTP does, naming it', async (_what, payload, field) => {
    const ack = await send(payload);
    expect(ack).toMatchObject({ error: { code: 'VALIDATION_FAILED', errors: [{ field }] } });
  });

  it('ends the connection for a frame over 32 KB (Socket.IO maxHttpBufferSize), before any handler', async () => {
    const mark = t.log.text.length;
    const gone = dropped(socket);
    socket.emit('message:send', { body: 'x'.repeat(40 * 1024) });
    expect(await gone).toBe('transport close');
    expect(t.log.errors(mark)).toEqual([]);
  });
});
