import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import {
  admin,
  cookieHeader,
  doctor,
  type LoggedIn,
  patient,
  PASSWORD,
  register,
  startApp,
  type TestApp,
} from './support/helpers.js';

interface Document {
  paths: Record<
    string,
    Record<
      string,
      {
        responses: Record<
          string,
          { content?: Record<string, { examples?: Record<string, { value: unknown }> }> }
        >;
      }
    >
  >;
}

/**
 * The document against the server: each error provoked here must be listed, under its status, on the operation
 * that answered it, with an example equal to the body the server wrote (a sample of codes, one of every status).
 */
describe('the errors the OpenAPI document lists are the ones the routes answer', () => {
  let t: TestApp;
  let doc: Document;
  let boss: LoggedIn;
  let user: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    doc = (await t.http.get('/docs-json').expect(200)).body as Document;
    boss = await admin(t.http);
    user = await patient(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  function expectDocumented(method: string, path: string, response: Response): void {
    const body = response.body as { code: string; message: string };
    const examples =
      doc.paths[path]?.[method]?.responses[String(response.status)]?.content?.['application/json']
        ?.examples ?? {};
    expect({
      route: `${method.toUpperCase()} ${path}`,
      status: response.status,
      code: body.code,
      listed: true,
    }).toEqual({
      route: `${method.toUpperCase()} ${path}`,
      status: response.status,
      code: body.code,
      listed: body.code in examples,
    });
    expect(examples[body.code].value).toMatchObject({
      statusCode: response.status,
      code: body.code,
      message: body.message,
    });
  }

  it('400 VALIDATION_FAILED: a malformed id', async () => {
    const response = await t.http.get('/api/appointments/not-a-uuid').set(user.auth).expect(400);
    expectDocumented('get', '/api/appointments/{id}', response);
  });

  it('401 TOKEN_MISSING and INVALID_CREDENTIALS', async () => {
    expectDocumented('get', '/api/messages/mine', await t.http.get('/api/messages/mine').expect(401));
    const wrong = await t.http.post('/auth/login').send({ email: user.email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expectDocumented('post', '/auth/login', wrong);
  });

  it('403 CSRF_INVALID: an unsafe request authenticated by the cookie alone', async () => {
    const response = await t.http
      .post('/api/messages')
      .set('cookie', cookieHeader(user.cookies, 'access_token', 'csrf_token'))
      .send({ body: 'Hola' })
      .expect(403);
    expectDocumented('post', '/api/messages', response);
  });

  it('403 FORBIDDEN_ROLE: a patient on an admin route (roles set on the controller)', async () => {
    const response = await t.http.get('/api/audit-events').set(user.auth).expect(403);
    expectDocumented('get', '/api/audit-events', response);
  });

  it('404 NOT_FOUND and USER_NOT_FOUND', async () => {
    const missing = await t.http.get(`/api/appointments/${randomUUID()}`).set(user.auth).expect(404);
    expectDocumented('get', '/api/appointments/{id}', missing);
    const gone = await patient(t.http);
    await t.http.delete(`/api/users/${gone.id}`).set(boss.auth).expect(204);
    expectDocumented('get', '/api/users/me', await t.http.get('/api/users/me').set(gone.auth).expect(404));
  });

  it('409 EMAIL_TAKEN', async () => {
    const { email } = await register(t.http);
    const response = await t.http
      .post('/auth/register')
      .send({ name: 'Ana', surname: 'Otra', email, password: PASSWORD })
      .expect(409);
    expectDocumented('post', '/auth/register', response);
  });

  it('413 and 415 on a route with a body', async () => {
    const doc = await doctor(t.http, boss);
    const path = `/api/doctors/${doc.id}/working-hours`;
    const big = await t.http
      .put(path)
      .set(doc.auth)
      .set('content-type', 'application/json')
      .send(JSON.stringify([{ note: 'x'.repeat(200_000) }]))
      .expect(413);
    expectDocumented('put', '/api/doctors/{id}/working-hours', big);
    const text = await t.http
      .put(path)
      .set(doc.auth)
      .set('content-type', 'text/plain')
      .send('hi')
      .expect(415);
    expectDocumented('put', '/api/doctors/{id}/working-hours', text);
  });

  it('422 IN_THE_PAST', async () => {
    const doc = await doctor(t.http, boss);
    const response = await t.http
      .post('/api/appointments')
      .set(user.auth)
      .send({ doctorId: doc.id, startsAt: '2020-01-06T10:00:00+01:00', endsAt: '2020-01-06T10:30:00+01:00' })
      .expect(422);
    expectDocumented('post', '/api/appointments', response);
  });

  it('429 TOO_MANY_ATTEMPTS: the login lock-out', async () => {
    const { email } = await register(t.http);
    let response: Response | undefined;
    for (let attempt = 0; attempt < 10 && response?.status !== 429; attempt++) {
      response = await t.http.post('/auth/login').send({ email, password: 'wrong password here' });
    }
    expect(response?.status).toBe(429);
    expectDocumented('post', '/auth/login', response!);
  });
});
