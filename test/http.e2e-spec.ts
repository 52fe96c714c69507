import { DataSource } from 'typeorm';
import { patient, startApp, type TestApp } from './support/helpers.js';

interface OpenApiOperation {
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}

describe('HTTP surface: bodies, errors, docs, health', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });

  afterAll(async () => {
    await t.close();
  });

  describe('request bodies', () => {
    it.each([
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'email=a%40b.c&password=12345678'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na\r\n--x--',
      ],
    ])('refuses a %s body with 415 (no HTML form can post here)', async (type, body) => {
      const response = await t.http.post('/auth/login').set('content-type', type).send(body).expect(415);
      expect(response.body).toEqual({
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'El cuerpo debe ser JSON (application/json)',
      });
    });

    it('refuses a body over 100 KB with 413', async () => {
      const response = await t.http
        .post('/auth/register')
        .set('content-type', 'application/json')
        .send(JSON.stringify({ name: 'x'.repeat(110 * 1024) }))
        .expect(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers malformed JSON with 400 INVALID_JSON', async () => {
      const response = await t.http
        .post('/auth/login')
        .set('content-type', 'application/json')
        .send('{"email":')
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'INVALID_JSON' });
    });

    it('refuses __proto__ and constructor keys', async () => {
      for (const body of ['{"__proto__":{"rol":"admin"}}', '{"constructor":{"prototype":{"rol":"admin"}}}']) {
        const response = await t.http
          .post('/auth/login')
          .set('content-type', 'application/json')
          .send(body)
          .expect(400);
        expect(response.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('nesting and query strings', () => {
    it('refuses JSON nested deeper than 32 levels with 400, quickly, and takes 32', async () => {
      const me = await patient(t.http);
      const deep = (depth: number): string =>
        `{"body":"hola","extra":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
      const tooDeep = await t.http
        .post('/api/messages')
        .set(me.auth)
        .set('content-type', 'application/json')
        .send(deep(33))
        .expect(400);
      expect(tooDeep.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body' }] });
      // At 32 levels it is parsed, then refused for its unknown field like any other body.
      const allowed = await t.http
        .post('/api/messages')
        .set(me.auth)
        .set('content-type', 'application/json')
        .send(deep(32))
        .expect(400);
      expect(allowed.body.errors).toEqual([{ field: 'extra', messages: expect.any(Array) }]);
    });

    it('refuses a body of 100 KB of nested arrays with 400, not a 500', async () => {
      const depth = 50 * 1024;
      const response = await t.http
        .post('/auth/login')
        .set('content-type', 'application/json')
        .send('['.repeat(depth) + ']'.repeat(depth - 1))
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    });

    it.each([
      ['a repeated scalar', '/api/appointments?status=scheduled&status=cancelled'],
      ['a repeated page size', '/api/users?limit=1&limit=2'],
      ['a __proto__ parameter', '/api/appointments?__proto__=x'],
      ['a constructor parameter', '/api/appointments?constructor=x'],
    ])('refuses %s in a query string with 400', async (_what, path) => {
      const me = await patient(t.http);
      const response = await t.http.get(path).set(me.auth);
      expect([response.status, response.body.code]).toEqual(
        path.startsWith('/api/users') ? [403, 'FORBIDDEN_ROLE'] : [400, 'VALIDATION_FAILED'],
      );
    });
  });

  describe('errors', () => {
    it('answers an unknown route with the contract body', async () => {
      const response = await t.http.get('/api/nothing-here').set('accept-language', 'en').expect(404);
      expect(response.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
    });

    it('sends a request id with every answer', async () => {
      const response = await t.http.get('/health').expect(200);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('sets Helmet headers', async () => {
      const response = await t.http.get('/health').expect(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    });
  });

  describe('Swagger', () => {
    it('serves the UI at /docs', async () => {
      const response = await t.http.get('/docs').redirects(1).expect(200);
      expect(response.text).toContain('swagger-ui');
    });

    it('describes every route, with the three token transports on every protected one and none on public ones', async () => {
      const { body } = await t.http.get('/docs-json').expect(200);
      expect(Object.keys(body.components.securitySchemes).sort()).toEqual(['bearer', 'cookie', 'x-token']);
      expect(body.components.securitySchemes['x-token']).toEqual({
        type: 'apiKey',
        in: 'header',
        name: 'x-token',
      });
      const operations = Object.entries(
        body.paths as Record<string, Record<string, OpenApiOperation>>,
      ).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
      );
      const routes = operations.map((o) => o.route);
      for (const route of [
        'POST /auth/register',
        'POST /auth/login',
        'POST /auth/refresh',
        'POST /auth/logout',
        'POST /auth/logout-all',
        'GET /auth/me',
        'GET /auth/sessions',
        'DELETE /auth/sessions/{id}',
        'GET /api/users/me',
        'PATCH /api/users/me',
        'PUT /api/users/me/password',
        'GET /api/users',
        'POST /api/users',
        'GET /api/users/{id}',
        'PATCH /api/users/{id}',
        'DELETE /api/users/{id}',
        'GET /api/doctors',
        'GET /api/doctors/{id}/availability',
        'GET /api/doctors/{id}/working-hours',
        'PUT /api/doctors/{id}/working-hours',
        'POST /api/appointments',
        'GET /api/appointments',
        'GET /api/appointments/report.pdf',
        'GET /api/appointments/{id}',
        'GET /api/appointments/{id}/pdf',
        'PATCH /api/appointments/{id}',
        'POST /api/appointments/{id}/cancel',
        'DELETE /api/appointments/{id}',
        'GET /api/messages/mine',
        'POST /api/messages',
        'GET /api/messages',
        'GET /api/messages/conversations',
        'POST /api/messages/read',
        'GET /api/audit-events',
        'POST /auth/password/forgot',
        'POST /auth/password/reset',
        'POST /api/users/{id}/password-reset',
        'POST /auth/email/verify',
        'POST /auth/email/verify/resend',
        'POST /api/users/me/email',
        'GET /health',
        'GET /health/ready',
      ]) {
        expect(routes).toContain(route);
      }
      const isPublic = (route: string): boolean =>
        /^(POST \/auth\/(register|login|refresh|password\/(forgot|reset)|email\/verify)|GET \/health)/.test(
          route,
        );
      const documented = operations.map(({ route, op }) => ({
        route,
        schemes: (op.security ?? []).flatMap((s) => Object.keys(s)).sort(),
        documents401: '401' in op.responses,
      }));
      const expected = operations.map(({ route }) => ({
        route,
        schemes: isPublic(route) ? [] : ['bearer', 'cookie', 'x-token'],
        documents401: !isPublic(route) || /^POST \/auth\/(login|refresh)$/.test(route),
      }));
      expect(documented).toEqual(expected);
    });
  });

  describe('health', () => {
    it('GET /health and /health/ready answer 200 while the database is up', async () => {
      await expect(t.http.get('/health').expect(200)).resolves.toMatchObject({ body: { status: 'ok' } });
      const ready = await t.http.get('/health/ready').expect(200);
      expect(ready.body.status).toBe('ok');
    });

    it('GET /health/ready answers 503 SERVICE_UNAVAILABLE when the database is gone, /health stays 200', async () => {
      const me = await patient(t.http);
      await t.app.get(DataSource).destroy();
      const ready = await t.http.get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
      expect(JSON.stringify(ready.body)).not.toMatch(/stack|select|at \w+ \(/i);
      await t.http.get('/health').expect(200);
      const request = await t.http.get('/auth/me').set(me.auth);
      expect([500, 503]).toContain(request.status);
      expect(JSON.stringify(request.body)).not.toMatch(/stack|SELECT|DataSource|at \w+ \(/);
    });
  });
});
