import { DataSource } from 'typeorm';
import { admin, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { type Conversation, type Message, writeMessage } from './support/messages.js';

/** Paging a thread back in time, and the staff's inbox: conversations, unread counts and read marks. */
describe('messages: paging, inbox and read marks', () => {
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

  async function inbox(): Promise<Conversation[]> {
    const response = await t.http.get('/api/messages/conversations').set(staff.auth).expect(200);
    return response.body as Conversation[];
  }

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
    it("shows a thread's newest message after a burst of 40 written into it at once from both sides", async () => {
      const ana = await patient(t.http);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 ? write(ana, `paciente ${i}`) : write(staff, `staff ${i}`, ana.id),
        ),
      );
      const thread = (
        await t.http.get(`/api/messages?userId=${ana.id}&limit=100`).set(staff.auth).expect(200)
      ).body as Message[];
      expect(thread).toHaveLength(40);
      // The database's order: created_at (to the millisecond), then id.
      const key = (message: Message) => `${message.createdAt} ${message.id}`;
      const newest = thread.reduce((latest, message) => (key(message) > key(latest) ? message : latest));
      const entry = (await inbox()).find((conversation) => conversation.user.id === ana.id);
      expect(entry?.lastMessage).toEqual(newest);
      expect(entry?.unreadCount).toBe(20);
    });

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
