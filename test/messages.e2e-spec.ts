import { DataSource } from 'typeorm';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './helpers.js';

interface Message {
  id: string;
  threadUserId: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  sender: { id: string; name: string; surname: string; rol: string };
}

interface Conversation {
  user: { id: string; email: string };
  lastMessage: Message;
  unreadCount: number;
}

describe('messages (REST)', () => {
  let t: TestApp;
  let staff: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    staff = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  async function write(user: LoggedIn, body: string, userId?: string): Promise<Message> {
    const response = await t.http
      .post('/api/messages')
      .set(user.auth)
      .send(userId ? { body, userId } : { body })
      .expect(201);
    return response.body as Message;
  }

  async function inbox(): Promise<Conversation[]> {
    const response = await t.http.get('/api/messages/conversations').set(staff.auth).expect(200);
    return response.body as Conversation[];
  }

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

  describe('paging with before and limit', () => {
    it('walks a thread back, oldest first within a page, without gaps or repeats', async () => {
      const me = await patient(t.http);
      const written: Message[] = [];
      for (let i = 1; i <= 7; i++) {
        written.push(await write(me, `mensaje ${i}`));
      }
      const seen: Message[] = [];
      let before: string | undefined;
      for (;;) {
        const query = before ? `?limit=3&before=${encodeURIComponent(before)}` : '?limit=3';
        const page = (await t.http.get(`/api/messages/mine${query}`).set(me.auth).expect(200))
          .body as Message[];
        if (page.length === 0) {
          break;
        }
        expect(page.length).toBeLessThanOrEqual(3);
        seen.unshift(...page);
        before = page[0].createdAt;
      }
      expect(seen.map((message) => message.body)).toEqual(written.map((message) => message.body));
    });

    it('never skips messages that share a millisecond at a page boundary', async () => {
      const me = await patient(t.http);
      const db = t.app.get(DataSource);
      await db.query(
        `INSERT INTO messages (thread_user_id, sender_id, body, created_at)
         SELECT $1, $1, 'gemelo ' || i, '2026-01-01T10:00:00.123Z' FROM generate_series(1, 4) AS i`,
        [me.id],
      );
      await write(me, 'después');
      const first = (await t.http.get('/api/messages/mine?limit=2').set(me.auth).expect(200))
        .body as Message[];
      const rest = (
        await t.http
          .get(`/api/messages/mine?limit=2&before=${encodeURIComponent(first[0].createdAt)}`)
          .set(me.auth)
          .expect(200)
      ).body as Message[];
      const bodies = [...rest, ...first].map((message) => message.body).sort();
      expect(bodies).toEqual(['después', 'gemelo 1', 'gemelo 2', 'gemelo 3', 'gemelo 4']);
    });

    it.each([
      ['a before without a time zone', 'before=2026-01-01T10:00:00'],
      ['a before that is not a date', 'before=yesterday'],
      ['a limit over 100', 'limit=101'],
      ['a limit of 0', 'limit=0'],
      ['two limits', 'limit=1&limit=2'],
      ['an unknown parameter', 'page=2'],
    ])('refuses %s with 400', async (_what, query) => {
      const me = await patient(t.http);
      const response = await t.http.get(`/api/messages/mine?${query}`).set(me.auth).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('conversations and read marks', () => {
    it('lists each thread with its last message, newest first', async () => {
      const ana = await patient(t.http);
      const luis = await patient(t.http);
      await write(ana, 'primero');
      await write(luis, 'segundo');
      const last = await write(staff, 'tercero', ana.id);
      const threads = await inbox();
      const ours = threads.filter((c) => c.user.id === ana.id || c.user.id === luis.id);
      expect(ours.map((c) => c.user.id)).toEqual([ana.id, luis.id]);
      expect(ours[0]).toMatchObject({ user: { email: ana.email }, lastMessage: last });
      const times = threads.map((c) => Date.parse(c.lastMessage.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('counts what the staff has not read, and read marks only the other side’s messages', async () => {
      const me = await patient(t.http);
      await write(me, 'uno');
      await write(me, 'dos');
      const unread = async (): Promise<number | undefined> =>
        (await inbox()).find((c) => c.user.id === me.id)?.unreadCount;
      await expect(unread()).resolves.toBe(2);

      // The patient reading their own thread marks nothing of theirs: only staff messages count for them.
      const own = await t.http.post('/api/messages/read').set(me.auth).send({}).expect(200);
      expect(own.body).toEqual({ updated: 0 });
      await expect(unread()).resolves.toBe(2);

      const staffRead = await t.http
        .post('/api/messages/read')
        .set(staff.auth)
        .send({ userId: me.id })
        .expect(200);
      expect(staffRead.body).toEqual({ updated: 2 });
      await expect(unread()).resolves.toBe(0);

      await write(staff, 'respuesta', me.id);
      await write(me, 'tres');
      await expect(unread()).resolves.toBe(1);
      const patientRead = await t.http.post('/api/messages/read').set(me.auth).send({}).expect(200);
      expect(patientRead.body).toEqual({ updated: 1 });
      const again = await t.http.post('/api/messages/read').set(me.auth).send({}).expect(200);
      expect(again.body).toEqual({ updated: 0 });

      const thread = (await t.http.get('/api/messages/mine').set(me.auth).expect(200)).body as Message[];
      expect(thread.map((m) => [m.body, m.readAt !== null])).toEqual([
        ['uno', true],
        ['dos', true],
        ['respuesta', true],
        ['tres', false],
      ]);
    });

    it('refuses read without userId for an admin, with someone else’s for a patient, an unknown one', async () => {
      const me = await patient(t.http);
      const other = await patient(t.http);
      const noUser = await t.http.post('/api/messages/read').set(staff.auth).send({}).expect(400);
      expect(noUser.body.code).toBe('VALIDATION_FAILED');
      const foreign = await t.http
        .post('/api/messages/read')
        .set(me.auth)
        .send({ userId: other.id })
        .expect(403);
      expect(foreign.body.code).toBe('FORBIDDEN_ROLE');
      const unknown = await t.http
        .post('/api/messages/read')
        .set(staff.auth)
        .send({ userId: '00000000-0000-4000-8000-000000000000' })
        .expect(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
    });

    it('leaves deleted users out of the inbox', async () => {
      const gone = await patient(t.http);
      await write(gone, 'adiós');
      await t.http.delete(`/api/users/${gone.id}`).set(staff.auth).expect(204);
      expect((await inbox()).map((c) => c.user.id)).not.toContain(gone.id);
    });

    it('pages the inbox with before and limit', async () => {
      const a = await patient(t.http);
      const b = await patient(t.http);
      await write(a, 'a');
      await write(b, 'b');
      const first = (await t.http.get('/api/messages/conversations?limit=1').set(staff.auth).expect(200))
        .body as Conversation[];
      expect(first.map((c) => c.user.id)).toEqual([b.id]);
      const before = encodeURIComponent(first[0].lastMessage.createdAt);
      const second = (
        await t.http.get(`/api/messages/conversations?limit=1&before=${before}`).set(staff.auth).expect(200)
      ).body as Conversation[];
      expect(second.map((c) => c.user.id)).toEqual([a.id]);
    });
  });
});
