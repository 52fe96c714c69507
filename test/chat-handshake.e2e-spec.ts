import { cookieHeader, listen, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { chatSocket, type ClientSocket, connected, refusal } from './support/sockets.js';

const ALLOWED_ORIGIN = 'http://clinic.test';

/**
 * The /chat handshake authenticates like HTTP (auth.token, Authorization, x-token or the access_token cookie; never
 * the query string) before the socket is connected, and refuses with the contract's codes.
 */
describe('chat socket: handshake', () => {
  let t: TestApp;
  let url: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startApp({ CORS_ORIGINS: ALLOWED_ORIGIN });
    url = await listen(t);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  it('refuses a socket without a token with TOKEN_MISSING', async () => {
    const error = await refusal(chatSocket(url));
    expect(error.data).toEqual({ code: 'TOKEN_MISSING', message: 'No hay token en la petición' });
  });

  it('refuses a bad token with TOKEN_INVALID, in the language asked for', async () => {
    const error = await refusal(
      chatSocket(url, { auth: { token: 'not.a.jwt' }, extraHeaders: { 'accept-language': 'en' } }),
    );
    expect(error.data?.code).toBe('TOKEN_INVALID');
    expect(error.data?.message).toBe('Invalid token');
  });

  it('never takes a token from the query string', async () => {
    const me = await patient(t.http);
    const error = await refusal(chatSocket(url, { query: { token: me.token, access_token: me.token } }));
    expect(error.data?.code).toBe('TOKEN_MISSING');
  });

  it('refuses the token of a logged-out session with SESSION_REVOKED', async () => {
    const me = await patient(t.http);
    await t.http.post('/auth/logout').set(me.auth).expect(204);
    const error = await refusal(chatSocket(url, { auth: { token: me.token } }));
    expect(error.data?.code).toBe('SESSION_REVOKED');
  });

  it.each([
    ['an Authorization header', (me: LoggedIn) => ({ authorization: `Bearer ${me.token}` })],
    ['an x-token header', (me: LoggedIn) => ({ 'x-token': me.token })],
    ['the access_token cookie', (me: LoggedIn) => ({ cookie: cookieHeader(me.cookies, 'access_token') })],
  ])('accepts %s, like HTTP', async (_how, headers) => {
    const me = await patient(t.http);
    const socket = chatSocket(url, { extraHeaders: headers(me) });
    sockets.push(socket);
    await expect(connected(socket)).resolves.toBe(socket);
    expect(socket.connected).toBe(true);
  });

  it('refuses a handshake from an Origin outside CORS_ORIGINS, and takes one from inside', async () => {
    const me = await patient(t.http);
    const foreign = await refusal(
      chatSocket(url, { auth: { token: me.token }, extraHeaders: { origin: 'http://evil.test' } }),
    );
    expect(foreign).toBeInstanceOf(Error);
    expect(foreign.data).toBeUndefined(); // refused by the engine, before Socket.IO even reads the token
    const allowed = chatSocket(url, {
      auth: { token: me.token },
      extraHeaders: { origin: ALLOWED_ORIGIN },
    });
    sockets.push(allowed);
    await expect(connected(allowed)).resolves.toBe(allowed);
  });

  it('lets nobody into the main namespace', async () => {
    const me = await patient(t.http);
    const error = await refusal(chatSocket(url, { auth: { token: me.token } }, '/'));
    expect(error.data?.code).toBe('NOT_FOUND');
  });
});
