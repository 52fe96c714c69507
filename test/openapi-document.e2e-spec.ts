import { ERROR_STATUS, type ErrorCode } from '../src/common/error-codes.js';
import { ERROR_MESSAGES } from '../src/common/messages.js';
import { startApp, type TestApp } from './support/helpers.js';

interface MediaType {
  schema?: { $ref?: string; type?: string; format?: string };
  examples?: Record<string, { value: Record<string, unknown> }>;
}
interface Operation {
  operationId: string;
  summary?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}
interface Document {
  tags: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);
/** The codes whose body always names the fields at fault. */
const FIELD_CODES = new Set(['VALIDATION_FAILED', 'INVALID_JSON']);
const AUTH_CODES: ErrorCode[] = [
  'TOKEN_MISSING',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'SESSION_REVOKED',
  'USER_DISABLED',
  'USER_NOT_FOUND',
];

/** What the Swagger document says, checked against what the request pipeline does (docs/API.md, Errors). */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Document;
  let operations: { route: string; method: string; path: string; op: Operation }[];

  beforeAll(async () => {
    t = await startApp();
    doc = (await t.http.get('/docs-json').expect(200)).body as Document;
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        route: `${method.toUpperCase()} ${path}`,
        method,
        path,
        op,
      })),
    );
  });

  afterAll(async () => {
    await t.close();
  });

  const errorCodes = (op: Operation): ErrorCode[] =>
    Object.entries(op.responses)
      .filter(([status]) => Number(status) >= 400)
      .flatMap(([, response]) => Object.keys(response.content?.['application/json']?.examples ?? {}))
      .sort() as ErrorCode[];

  it('describes the DTOs (from the Swagger plugin metadata), also where SWC compiled the code', () => {
    expect(Object.keys(doc.components.schemas.LoginDto.properties ?? {}).sort()).toEqual([
      'email',
      'password',
    ]);
    expect(doc.components.schemas.CreateAppointmentDto.required).toEqual(
      expect.arrayContaining(['doctorId', 'startsAt', 'endsAt']),
    );
    expect(Object.keys(doc.components.schemas.AppointmentDto.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'patient', 'doctor', 'startsAt', 'status']),
    );
  });

  it('gives every operation a readable, unique operationId and a summary', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z][a-zA-Z]+$/);
      expect(id).not.toMatch(/Controller/);
    }
    expect(doc.paths['/auth/login'].post.operationId).toBe('login');
    expect(doc.paths['/api/appointments'].get.operationId).toBe('listAppointments');
    expect(operations.filter(({ op }) => !op.summary?.trim()).map((o) => o.route)).toEqual([]);
  });

  it('lists the tags in the order of a first visit, each described', () => {
    expect(doc.tags.map((tag) => tag.name)).toEqual([
      'auth',
      'users',
      'doctors',
      'closures',
      'appointments',
      'messages',
      'audit',
      'health',
    ]);
    expect(doc.tags.filter((tag) => !tag.description).map((tag) => tag.name)).toEqual([]);
    const named = new Set(doc.tags.map((tag) => tag.name));
    expect(operations.flatMap(({ op }) => op.tags).filter((tag) => !named.has(tag))).toEqual([]);
  });

  it('gives every error code its own example, of its own status, as the server writes it', () => {
    for (const { route, op } of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400) {
          continue;
        }
        expect({ route, status, types: Object.keys(response.content ?? {}) }).toEqual({
          route,
          status,
          types: ['application/json'],
        });
        const examples = response.content!['application/json'].examples ?? {};
        expect({ route, status, codes: Object.keys(examples).length > 0 }).toEqual({
          route,
          status,
          codes: true,
        });
        for (const [code, { value }] of Object.entries(examples)) {
          expect({ route, code, status: ERROR_STATUS[code as ErrorCode] }).toEqual({
            route,
            code,
            status: Number(status),
          });
          const { errors, ...body } = value;
          expect(body).toEqual({
            statusCode: Number(status),
            code,
            message: ERROR_MESSAGES[code as ErrorCode].es,
          });
          expect({ route, code, errors: errors !== undefined }).toEqual({
            route,
            code,
            errors: FIELD_CODES.has(code),
          });
        }
      }
    }
  });

  it('lists on each route the errors its kind of route can answer, and only those', () => {
    for (const { route, method, path, op } of operations) {
      const codes = errorCodes(op);
      const authenticated = (op.security ?? []).length > 0;
      const unsafe = UNSAFE.has(method);
      const probe = path.startsWith('/health');
      const expected: [ErrorCode, boolean][] = [
        ['VALIDATION_FAILED', true],
        ['INTERNAL', true],
        ['TOO_MANY_ATTEMPTS', !probe],
        ['SERVICE_UNAVAILABLE', path !== '/health'],
        ['PAYLOAD_TOO_LARGE', unsafe],
        ['UNSUPPORTED_MEDIA_TYPE', unsafe],
        ['INVALID_JSON', unsafe],
        ...AUTH_CODES.map((code): [ErrorCode, boolean] => [
          code,
          authenticated || (code === 'USER_DISABLED' && path === '/auth/login'),
        ]),
        ['CSRF_INVALID', (authenticated && unsafe) || path === '/auth/refresh'],
      ];
      for (const [code, listed] of expected) {
        expect({ route, code, listed: codes.includes(code) }).toEqual({ route, code, listed });
      }
    }
  });

  it('lists 403 FORBIDDEN_ROLE on role-restricted routes, not on routes every role may call', () => {
    const forbidden = (method: string, path: string): boolean =>
      errorCodes(doc.paths[path][method]).includes('FORBIDDEN_ROLE');
    expect(forbidden('get', '/api/users')).toBe(true);
    expect(forbidden('get', '/api/audit-events')).toBe(true);
    expect(forbidden('get', '/api/appointments/report.pdf')).toBe(true);
    expect(forbidden('post', '/api/appointments')).toBe(true);
    expect(forbidden('get', '/api/appointments')).toBe(false);
    expect(forbidden('get', '/auth/me')).toBe(false);
  });

  it('serves the PDFs as application/pdf and their errors as JSON', () => {
    for (const path of ['/api/appointments/report.pdf', '/api/appointments/{id}/pdf']) {
      const { responses } = doc.paths[path].get;
      expect(Object.keys(responses['200'].content ?? {})).toEqual(['application/pdf']);
      expect(responses['200'].content!['application/pdf'].schema).toMatchObject({
        type: 'string',
        format: 'binary',
      });
      expect(Object.keys(responses['404']?.content ?? {})).toEqual(['application/json']);
    }
  });

  it('describes the body of GET /health', () => {
    const ok = doc.paths['/health'].get.responses['200'].content?.['application/json'];
    const ref = ok?.schema?.$ref ?? '';
    const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    expect(schema?.properties).toHaveProperty('status');
  });
});
