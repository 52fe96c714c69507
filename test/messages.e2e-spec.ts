import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { type Message, writeMessage } from './support/messages.js';

/** The support threads over REST: who may write into which thread, and who may read it. */
describe('messages: writing and reading threads', () => {
  let t: TestApp;
  let staff: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    staff = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  const write = (user: LoggedIn, body: string, userId?: string) => writeMessage(t.http, user, body, userId);

  describe('POST /api/messages', () => {
    it('stores a patient’s message to the staff, trimmed, in their own thread', async () => {
      const me = await patient(t.http);
      const message = await write(me, '  Necesito un justificante  ');
      expect(message).toEqual({
        id: expect.any(String),
        threadUserId: me.id,
        sender: { id: me.id, name: 'Ana', surname: 'Prueba', rol: 'user' },
        body: 'Necesito un justificante',
        createdAt: expect.any(String),
        readAt: null,
      });
    });

    it('lets an admin write into a given user’s thread', async () => {
      const me = await patient(t.http);
      const reply = await write(staff, 'Le respondemos', me.id);
      expect(reply).toMatchObject({ threadUserId: me.id, sender: { id: staff.id, rol: 'admin' } });
      const thread = await t.http.get('/api/messages/mine').set(me.auth).expect(200);
      expect(thread.body).toEqual([reply]);
    });

    it('lets a doctor write to the staff too', async () => {
      const doc = await doctor(t.http, staff);
      const message = await write(doc, 'Falta material en consulta 3');
      expect(message).toMatchObject({ threadUserId: doc.id, sender: { rol: 'doctor' } });
    });

    it.each([
      ['an empty body', { body: '' }],
      ['a blank body', { body: ' \n\t ' }],
      ['a body of 2001 characters', { body: 'a'.repeat(2001) }],
      ['a body that is not text', { body: 42 }],
      ['a NUL character', { body: 'hola\u0000' }],
      ['no body', {}],
      ['an unknown field', { body: 'hola', urgent: true }],
      ['a userId that is not a UUID', { body: 'hola', userId: 'me' }],
    ])('refuses %s with 400 and stores nothing', async (_what, body) => {
      const me = await patient(t.http);
      const response = await t.http.post('/api/messages').set(me.auth).send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      const thread = await t.http.get('/api/messages/mine').set(me.auth).expect(200);
      expect(thread.body).toEqual([]);
    });

    it('takes a body of exactly 2000 characters', async () => {
      const me = await patient(t.http);
      await expect(write(me, 'ñ'.repeat(2000))).resolves.toMatchObject({ body: 'ñ'.repeat(2000) });
    });

    it('refuses a patient writing into someone else’s thread with 403', async () => {
      const me = await patient(t.http);
      const other = await patient(t.http);
      const response = await t.http
        .post('/api/messages')
        .set(me.auth)
        .send({ body: 'hola', userId: other.id })
        .expect(403);
      expect(response.body.code).toBe('FORBIDDEN_ROLE');
      const theirs = await t.http.get('/api/messages/mine').set(other.auth).expect(200);
      expect(theirs.body).toEqual([]);
    });

    it('needs a userId from an admin (400), one of a live non-admin user (404)', async () => {
      const missing = await t.http.post('/api/messages').set(staff.auth).send({ body: 'hola' }).expect(400);
      expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'userId' }] });
      const otherAdmin = await admin(t.http);
      const gone = await patient(t.http);
      await t.http.delete(`/api/users/${gone.id}`).set(staff.auth).expect(204);
      for (const userId of [otherAdmin.id, gone.id, '00000000-0000-4000-8000-000000000000']) {
        const response = await t.http
          .post('/api/messages')
          .set(staff.auth)
          .send({ body: 'hola', userId })
          .expect(404);
        expect(response.body.code).toBe('NOT_FOUND');
      }
    });

    it('needs a token', async () => {
      const response = await t.http.post('/api/messages').send({ body: 'hola' }).expect(401);
      expect(response.body.code).toBe('TOKEN_MISSING');
    });
  });

  describe('visibility', () => {
    it('a patient sees only their own thread, and none of the staff routes', async () => {
      const ana = await patient(t.http);
      const luis = await patient(t.http);
      const fromAna = await write(ana, 'de Ana');
      const toAna = await write(staff, 'para Ana', ana.id);
      await write(luis, 'de Luis');
      await write(staff, 'para Luis', luis.id);

      const thread = await t.http.get('/api/messages/mine').set(ana.auth).expect(200);
      expect(thread.body).toEqual([fromAna, toAna]);

      for (const path of [
        '/api/messages',
        `/api/messages?userId=${luis.id}`,
        '/api/messages/conversations',
      ]) {
        const response = await t.http.get(path).set(ana.auth).expect(403);
        expect(response.body.code).toBe('FORBIDDEN_ROLE');
      }
    });

    it('an admin has no thread of their own (403 on /mine)', async () => {
      const response = await t.http.get('/api/messages/mine').set(staff.auth).expect(403);
      expect(response.body.code).toBe('FORBIDDEN_ROLE');
    });

    it('an admin reads one thread, or every message', async () => {
      const ana = await patient(t.http);
      const luis = await patient(t.http);
      const a = await write(ana, 'uno');
      const l = await write(luis, 'dos');
      const one = await t.http.get(`/api/messages?userId=${ana.id}`).set(staff.auth).expect(200);
      expect(one.body).toEqual([a]);
      const all = await t.http.get('/api/messages?limit=100').set(staff.auth).expect(200);
      const ids = (all.body as Message[]).map((message) => message.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, l.id]));
      expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(l.id));
    });

    it('an admin still reads a deleted user’s history; an unknown user is 404', async () => {
      const gone = await patient(t.http);
      const said = await write(gone, 'antes de irme');
      await t.http.delete(`/api/users/${gone.id}`).set(staff.auth).expect(204);
      const history = await t.http.get(`/api/messages?userId=${gone.id}`).set(staff.auth).expect(200);
      expect(history.body).toEqual([said]);
      const unknown = await t.http
        .get('/api/messages?userId=00000000-0000-4000-8000-000000000000')
        .set(staff.auth)
        .expect(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
    });
  });
});
