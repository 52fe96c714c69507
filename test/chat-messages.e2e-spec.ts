import { DataSource } from 'typeorm';
import { admin, listen, login, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import type { Message } from './support/messages.js';
import { chatSocket, type ClientSocket, next, openAs, record, send } from './support/sockets.js';

/** message:send and message:new on /chat: acknowledged once stored, pushed to the thread's sockets and the staff's. */
describe('chat socket: messages', () => {
  let t: TestApp;
  let url: string;
  let staff: LoggedIn;
  const sockets: ClientSocket[] = [];
  const open = (user: LoggedIn, options?: Parameters<typeof chatSocket>[1]) =>
    openAs(url, user, sockets, options);

  beforeAll(async () => {
    t = await startApp();
    url = await listen(t);
    staff = await admin(t.http);
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await t.close();
  });

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
