import { DataSource } from 'typeorm';
import {
  PASSWORD,
  admin,
  cookieHeader,
  listen,
  login,
  patient,
  register,
  startApp,
  type LoggedIn,
  type TestApp,
} from './helpers.js';
import { chatSocket, type ClientSocket, connected, dropped, next, record, refusal } from './sockets.js';

interface Message {
  id: string;
  threadUserId: string;
  body: string;
  sender: { id: string; rol: string };
}

type Ack = { message: Message } | { error: { code: string; message: string } };

const ALLOWED_ORIGIN = 'http://clinic.test';

/** message:send with its acknowledgement. */
function send(socket: ClientSocket, payload: unknown): Promise<Ack> {
  return socket.emitWithAck('message:send', payload) as Promise<Ack>;
}

describe('chat socket /chat', () => {
  let t: TestApp;
  let url: string;
  let staff: LoggedIn;
  const sockets: ClientSocket[] = [];

  /** A connected socket authenticated by `auth.token`, closed after the suite. */
  async function open(user: LoggedIn, options: Parameters<typeof chatSocket>[1] = {}): Promise<ClientSocket> {
    const socket = chatSocket(url, { auth: { token: user.token }, ...options });
    sockets.push(socket);
    return connected(socket);
  }

  beforeAll(async () => {
    t = await startApp({ CORS_ORIGINS: ALLOWED_ORIGIN });
    url = await listen(t);
    staff = await admin(t.http);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

  describe('handshake', () => {
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

  describe('messages', () => {
    it("a patient's message:send is acknowledged, reaches the staff's socket and is in the REST history", async () => {
      const me = await patient(t.http);
      const mine = await open(me);
      const staffSocket = await open(staff);
      const pushed = next<Message>(staffSocket, 'message:new');

      const ack = await send(mine, { body: '  Hola, ¿puedo cambiar mi cita?  ' });

      expect(ack).toMatchObject({
        message: {
          threadUserId: me.id,
          body: 'Hola, ¿puedo cambiar mi cita?',
          sender: { id: me.id, rol: 'user' },
        },
      });
      const stored = (ack as { message: Message }).message;
      await expect(pushed).resolves.toEqual(stored);
      const history = await t.http.get('/api/messages/mine').set(me.auth).expect(200);
      expect(history.body).toEqual([JSON.parse(JSON.stringify(stored))]);
    });

    it("an admin's reply reaches every socket of that patient and no other patient's", async () => {
      const ana = await patient(t.http);
      const luis = await patient(t.http);
      const anaPhone = await open(ana);
      const anaLaptop = await open(await login(t.http, ana.email));
      const luisSocket = await open(luis);
      const staffSocket = await open(staff);
      const luisGot = record<Message>(luisSocket, 'message:new');
      const onPhone = next<Message>(anaPhone, 'message:new');
      const onLaptop = next<Message>(anaLaptop, 'message:new');

      const ack = await send(staffSocket, { body: 'Sí, dígame la fecha', userId: ana.id });
      const reply = (ack as { message: Message }).message;
      expect(reply).toMatchObject({ threadUserId: ana.id, sender: { id: staff.id, rol: 'admin' } });
      await expect(onPhone).resolves.toEqual(reply);
      await expect(onLaptop).resolves.toEqual(reply);

      // Events on one socket arrive in order: once Luis hears his own reply, Ana's would already be there.
      const luisReply = next<Message>(luisSocket, 'message:new');
      await t.http
        .post('/api/messages')
        .set(staff.auth)
        .send({ body: 'Para Luis', userId: luis.id })
        .expect(201);
      await expect(luisReply).resolves.toMatchObject({ body: 'Para Luis' });
      expect(luisGot.map((message) => message.body)).toEqual(['Para Luis']);
    });

    it('pushes a message that came by REST, to the thread and to staff', async () => {
      const me = await patient(t.http);
      const mine = await open(me);
      const staffSocket = await open(staff);
      const toMe = next<Message>(mine, 'message:new');
      const toStaff = next<Message>(staffSocket, 'message:new');
      const response = await t.http.post('/api/messages').set(me.auth).send({ body: 'Por REST' }).expect(201);
      await expect(toMe).resolves.toEqual(response.body);
      await expect(toStaff).resolves.toEqual(response.body);
    });

    it('does not echo message:new to the sending socket (its ack carries the message)', async () => {
      const me = await patient(t.http);
      const sender = await open(me);
      const other = await open(await login(t.http, me.email));
      const senderGot = record<Message>(sender, 'message:new');
      const onOther = next<Message>(other, 'message:new');
      const ack = await send(sender, { body: 'uno' });
      await expect(onOther).resolves.toEqual((ack as { message: Message }).message);
      // The REST message after it reaches the sender; had the first been echoed, it would come before.
      const restOne = next<Message>(sender, 'message:new');
      await t.http.post('/api/messages').set(me.auth).send({ body: 'dos' }).expect(201);
      await expect(restOne).resolves.toMatchObject({ body: 'dos' });
      expect(senderGot.map((message) => message.body)).toEqual(['dos']);
    });

    it.each([
      ['a blank body', { body: '   ' }],
      ['a body of 2001 characters', { body: 'x'.repeat(2001) }],
      ['an unknown field', { body: 'hola', extra: true }],
      ['a payload that is not an object', 'just a string'],
    ])('acknowledges %s with VALIDATION_FAILED and stores nothing', async (_what, payload) => {
      const me = await patient(t.http);
      const socket = await open(me);
      const ack = await send(socket, payload);
      expect(ack).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      const history = await t.http.get('/api/messages/mine').set(me.auth).expect(200);
      expect(history.body).toEqual([]);
    });

    it('refuses a patient writing into another thread with FORBIDDEN_ROLE', async () => {
      const me = await patient(t.http);
      const other = await patient(t.http);
      const socket = await open(me);
      await expect(send(socket, { body: 'hola', userId: other.id })).resolves.toMatchObject({
        error: { code: 'FORBIDDEN_ROLE' },
      });
    });

    it('stores an acknowledged message before anyone hears of it', async () => {
      const me = await patient(t.http);
      const socket = await open(me);
      const ack = (await send(socket, { body: 'persistido' })) as { message: Message };
      const rows: { body: string }[] = await t.app
        .get(DataSource)
        .query('SELECT body FROM messages WHERE id = $1', [ack.message.id]);
      expect(rows).toEqual([{ body: 'persistido' }]);
    });
  });

  describe('disconnection when the session ends', () => {
    it('drops the socket at logout', async () => {
      const me = await patient(t.http);
      const socket = await open(me);
      const gone = dropped(socket);
      await t.http.post('/auth/logout').set(me.auth).expect(204);
      await expect(gone).resolves.toBe('io server disconnect');
    });

    it('logout-all drops every socket of the user, and no one else’s', async () => {
      const me = await patient(t.http);
      const other = await patient(t.http);
      const phone = await open(me);
      const laptop = await open(await login(t.http, me.email));
      const bystander = await open(other);
      const gone = Promise.all([dropped(phone), dropped(laptop)]);
      await t.http.post('/auth/logout-all').set(me.auth).expect(204);
      await expect(gone).resolves.toEqual(['io server disconnect', 'io server disconnect']);
      await expect(send(bystander, { body: 'sigo aquí' })).resolves.toHaveProperty('message');
    });

    it('a password change drops the other sessions’ sockets and keeps this one', async () => {
      const { email } = await register(t.http);
      const here = await login(t.http, email);
      const elsewhere = await login(t.http, email);
      const kept = await open(here);
      const gone = dropped(await open(elsewhere));
      await t.http
        .put('/api/users/me/password')
        .set(here.auth)
        .send({ currentPassword: PASSWORD, newPassword: 'another good password' })
        .expect(204);
      await expect(gone).resolves.toBe('io server disconnect');
      await expect(send(kept, { body: 'aún conectado' })).resolves.toHaveProperty('message');
    });

    it.each([
      [
        'disabled',
        (id: string) => t.http.patch(`/api/users/${id}`).set(staff.auth).send({ isActive: false }),
      ],
      ['deleted', (id: string) => t.http.delete(`/api/users/${id}`).set(staff.auth)],
    ])('drops the sockets of a user an admin has %s', async (_what, act) => {
      const me = await patient(t.http);
      const gone = dropped(await open(me));
      const response = await act(me.id);
      expect(response.status).toBeLessThan(300);
      await expect(gone).resolves.toBe('io server disconnect');
    });

    it('drops the sockets of a user whose role changed, so no former admin stays in the staff room', async () => {
      const former = await admin(t.http);
      const gone = dropped(await open(former));
      await t.http.patch(`/api/users/${former.id}`).set(staff.auth).send({ rol: 'user' }).expect(200);
      await expect(gone).resolves.toBe('io server disconnect');
    });
  });
});

describe('chat socket: token expiry', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await startApp({ ACCESS_TOKEN_TTL: '2s' });
    url = await listen(t);
  });

  afterAll(async () => {
    await t.close();
  });

  it('drops a socket when its access token expires', async () => {
    const me = await patient(t.http);
    const socket = chatSocket(url, { auth: { token: me.token } });
    await connected(socket);
    await expect(dropped(socket)).resolves.toBe('io server disconnect');
    const again = await refusal(chatSocket(url, { auth: { token: me.token } }));
    expect(again.data?.code).toBe('TOKEN_EXPIRED');
  });
});
