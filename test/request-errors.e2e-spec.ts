import {
  admin,
  doctor,
  login,
  patient,
  register,
  startApp,
  type LoggedIn,
  type TestApp,
} from './support/helpers.js';

/** What a newcomer's first malformed requests are told (issue 10, "Times, bodies and messages"). */
describe('errors a newcomer meets first', () => {
  let t: TestApp;
  let me: LoggedIn;

  beforeAll(async () => {
    t = await startApp({ DEFAULT_LOCALE: 'en' });
    me = await patient(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers malformed JSON with INVALID_JSON and where the parser stopped', async () => {
    const response = await t.http
      .post('/auth/login')
      .set('content-type', 'application/json')
      .send('{"email": "a@b.c", "password": }')
      .expect(400);
    expect(response.body).toMatchObject({
      code: 'INVALID_JSON',
      // The parser's own words, which show where it broke (Node 20 quotes the text; later versions give a position).
      errors: [{ field: 'body', messages: [expect.stringMatching(/": }" is not valid JSON|position \d+/)] }],
    });
  });

  it('still refuses a prototype key in a body as a validation failure', async () => {
    const response = await t.http
      .post('/auth/login')
      .set('content-type', 'application/json')
      .send('{"__proto__": {"x": 1}, "email": "a@b.c", "password": "p"}')
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it('accepts Content-Type: application/json with an empty body where the route takes none', async () => {
    const { email } = await register(t.http);
    const session = await login(t.http, email);
    const other = await login(t.http, email);
    const sessionId = JSON.parse(Buffer.from(other.token.split('.')[1], 'base64url').toString())
      .sid as string;
    await t.http
      .delete(`/auth/sessions/${sessionId}`)
      .set(session.auth)
      .set('content-type', 'application/json')
      .expect(204);
    await t.http
      .post('/auth/logout')
      .set(session.auth)
      .set('content-type', 'application/json')
      .send('')
      .expect(204);
    // A route that needs a body still says which fields are missing.
    const empty = await t.http
      .post('/auth/login')
      .set('content-type', 'application/json')
      .send('')
      .expect(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
    expect(empty.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('says the Bearer scheme is missing when a token comes without it', async () => {
    const response = await t.http.get('/auth/me').set('authorization', me.token).expect(401);
    expect(response.body).toMatchObject({
      code: 'TOKEN_MISSING',
      errors: [{ field: 'authorization', messages: [expect.stringContaining('Bearer <token>')] }],
    });
    const none = await t.http.get('/auth/me').expect(401);
    expect(none.body).toEqual({ statusCode: 401, code: 'TOKEN_MISSING', message: expect.any(String) });
  });

  it('names the type, not the length, of an e-mail that is a number', async () => {
    const response = await t.http.post('/auth/login').send({ email: 123, password: 'whatever' }).expect(400);
    const messages = response.body.errors.find((e: { field: string }) => e.field === 'email')
      .messages as string[];
    expect(messages.join(' ')).not.toContain('too long');
    expect(messages.join(' ')).toMatch(/string|e-?mail/);
  });

  it('reads a + offset that arrived unencoded (as a space) in a query string', async () => {
    const boss = await admin(t.http);
    const doc = await doctor(t.http, boss);
    const from = '2030-01-07T10:00:00+01:00';
    const encoded = await t.http
      .get(`/api/appointments?doctorId=${doc.id}&from=${encodeURIComponent(from)}`)
      .set(boss.auth)
      .expect(200);
    const unencoded = await t.http
      .get(`/api/appointments?doctorId=${doc.id}&from=2030-01-07T10:00:00+01:00`)
      .set(boss.auth)
      .expect(200);
    expect(unencoded.body).toEqual(encoded.body);
    const wrong = await t.http.get('/api/appointments?from=2030-01-07T10:00:00').set(boss.auth).expect(400);
    expect(wrong.body.errors[0].messages[0]).toContain('%2B');
  });
});
