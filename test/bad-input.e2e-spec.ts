import { randomUUID } from 'node:crypto';
import {
  PASSWORD,
  admin,
  doctor,
  patient,
  startApp,
  uniqueEmail,
  type LoggedIn,
  type TestApp,
} from './support/helpers.js';

/** Forms ISO-8601 (or validator.js) allows that the API does not take, and calendar dates that do not exist. */
const BAD_INSTANTS = [
  '2030-W01-1T10:00:00Z',
  '2030-001T10:00:00Z',
  '2030-01-01T10Z',
  '20300101T100000Z',
  '2030-01-01T10:00:00,5Z',
  '2030-01-01T10:00,5Z',
  '2030-02-31T10:00:00Z',
  '2030-01-01T24:00:00Z',
  '9999-12-31T23:59:59-23:59',
  '2030-01-01T10:00:00',
  '2030-01-01',
];

/** What still works: minutes without seconds, any number of fraction digits, any offset. */
const GOOD_INSTANTS = ['2030-01-07T10:00+01:00', '2030-01-07T10:00:00.123456Z', '2030-01-07T10:00:00-05:30'];

const LATER = '2030-02-01T00:00:00Z';

type Who = 'boss' | 'me' | 'doc';

describe('bad input is 400, never 500', () => {
  let t: TestApp;
  let users: Record<Who, LoggedIn>;
  /** A booked appointment of `me` with `doc`. */
  let booked: string;

  beforeAll(async () => {
    t = await startApp();
    const boss = await admin(t.http);
    users = { boss, me: await patient(t.http), doc: await doctor(t.http, boss) };
    const appointment = await t.http
      .post('/api/appointments')
      .set(users.me.auth)
      .send({
        doctorId: users.doc.id,
        startsAt: '2031-01-07T10:00:00+01:00',
        endsAt: '2031-01-07T10:30:00+01:00',
      })
      .expect(201);
    booked = appointment.body.id as string;
  });

  afterAll(async () => {
    await t.close();
  });

  /** "status code fields" of a request, so a failure shows all three for every input at once. */
  async function outcome(
    who: Who,
    method: 'get' | 'post' | 'put' | 'patch',
    path: string,
    body?: unknown,
  ): Promise<string> {
    const call = t.http[method](path).set(users[who].auth).set('accept-language', 'en');
    const response = await (body === undefined ? call : call.send(body as object));
    const { code, errors } = response.body as { code?: string; errors?: { field: string }[] };
    return [response.status, code ?? '-', ...(errors ?? []).map((e) => e.field)].join(' ');
  }

  describe('instants', () => {
    const queries: [string, Who, string, (value: string) => string][] = [
      ['GET /api/appointments', 'boss', 'from', (v) => `/api/appointments?from=${v}`],
      ['GET /api/appointments', 'boss', 'to', (v) => `/api/appointments?to=${v}`],
      [
        'GET /api/appointments/report.pdf',
        'doc',
        'from',
        (v) => `/api/appointments/report.pdf?from=${v}&to=${LATER}`,
      ],
      ['GET /api/audit-events', 'boss', 'from', (v) => `/api/audit-events?from=${v}`],
      ['GET /api/audit-events', 'boss', 'to', (v) => `/api/audit-events?to=${v}`],
      ['GET /api/messages/mine', 'me', 'before', (v) => `/api/messages/mine?before=${v}`],
      ['GET /api/messages', 'boss', 'before', (v) => `/api/messages?before=${v}`],
      ['GET /api/messages/conversations', 'boss', 'before', (v) => `/api/messages/conversations?before=${v}`],
    ];

    it.each(queries)(
      '%s ?%s= takes only the calendar form with an offset',
      async (_route, who, field, path) => {
        const answers = (values: string[]): Promise<string[]> =>
          Promise.all(
            values.map(async (v) => `${v} → ${await outcome(who, 'get', path(encodeURIComponent(v)))}`),
          );
        expect(await answers(BAD_INSTANTS)).toEqual(
          BAD_INSTANTS.map((v) => `${v} → 400 VALIDATION_FAILED ${field}`),
        );
        expect(await answers(GOOD_INSTANTS)).toEqual(GOOD_INSTANTS.map((v) => `${v} → 200 -`));
      },
    );

    it('booking and rescheduling take the same instants as the lists', async () => {
      const doctorId = users.doc.id;
      const path = `/api/appointments/${randomUUID()}`;
      const answers = await Promise.all(
        BAD_INSTANTS.map(async (v) => [
          `${v} → ${await outcome('me', 'post', '/api/appointments', { doctorId, startsAt: v, endsAt: LATER })}`,
          `${v} → ${await outcome('boss', 'patch', path, { startsAt: LATER, endsAt: v })}`,
        ]),
      );
      expect(answers).toEqual(
        BAD_INSTANTS.map((v) => [
          `${v} → 400 VALIDATION_FAILED startsAt`,
          `${v} → 400 VALIDATION_FAILED endsAt`,
        ]),
      );
    });

    it('names the expected format, in the caller language', async () => {
      const query = `/api/appointments?from=${encodeURIComponent('2030-W01-1T10:00:00Z')}`;
      const en = await t.http.get(query).set(users.boss.auth).set('accept-language', 'en').expect(400);
      expect(en.body.errors).toEqual([
        {
          field: 'from',
          messages: [expect.stringContaining('ISO-8601 with an offset, e.g. 2026-12-07T10:00:00')],
        },
      ]);
      const es = await t.http.get(query).set(users.boss.auth).expect(400);
      expect(es.body.errors[0].messages[0]).toContain('ISO-8601 con desfase');
    });
  });

  describe('pages', () => {
    it.each(['/api/users', '/api/appointments', '/api/audit-events'])(
      '%s caps page at 10000',
      async (path) => {
        const pages = ['1e20', '1e308', '10001', '9007199254740993', '1.5'];
        const answers = await Promise.all(
          pages.map(async (page) => `${page} → ${await outcome('boss', 'get', `${path}?page=${page}`)}`),
        );
        expect(answers).toEqual(pages.map((page) => `${page} → 400 VALIDATION_FAILED page`));
        expect(await outcome('boss', 'get', `${path}?page=10000`)).toBe('200 -');
      },
    );
  });

  describe('explicit nulls', () => {
    it.each([
      ['me', 'patch', '/api/users/me', { name: null }, 'name'],
      ['me', 'patch', '/api/users/me', { surname: null }, 'surname'],
      ['boss', 'patch', 'USER', { isActive: null }, 'isActive'],
      ['boss', 'patch', 'USER', { name: null }, 'name'],
      ['boss', 'patch', 'USER', { rol: null }, 'rol'],
      ['boss', 'post', '/api/messages', { body: 'hola', userId: null }, 'userId'],
      ['boss', 'post', '/api/messages/read', { userId: null }, 'userId'],
      [
        'boss',
        'post',
        '/api/appointments',
        { doctorId: randomUUID(), patientId: null, startsAt: LATER, endsAt: LATER },
        'patientId',
      ],
    ] as const)('%s %s %s %j is 400 naming the field', async (who, method, path, body, field) => {
      const target = path === 'USER' ? `/api/users/${users.me.id}` : path.replace('ID', booked);
      expect(await outcome(who, method, target, body)).toBe(`400 VALIDATION_FAILED ${field}`);
    });

    it('POST /auth/register with adminKey null is 400, not an admin and not a 500', async () => {
      const response = await t.http
        .post('/auth/register')
        .send({ name: 'Ana', surname: 'Nula', email: uniqueEmail(), password: PASSWORD, adminKey: null })
        .expect(400);
      expect(response.body.errors).toEqual([{ field: 'adminKey', messages: expect.any(Array) }]);
    });

    it('keeps null where it means "clear": a doctor specialty', async () => {
      const doc = await doctor(t.http, users.boss);
      const response = await t.http
        .patch(`/api/users/${doc.id}`)
        .set(users.boss.auth)
        .send({ specialty: null })
        .expect(200);
      expect(response.body.specialty).toBeNull();
    });
  });

  describe('array bodies', () => {
    it.each([[[null]], [[{ weekday: 1, start: '09:00', end: '13:00', slotMinutes: 30 }, 7]], [[[]]]])(
      'PUT working hours %j is 400 naming the item that is not an object',
      async (body) => {
        const path = `/api/doctors/${users.doc.id}/working-hours`;
        expect(await outcome('doc', 'put', path, body)).toBe(`400 VALIDATION_FAILED ${body.length - 1}`);
      },
    );
  });

  describe('NUL characters and lone surrogates', () => {
    it.each([
      ['boss', 'get', '/api/users?search=%00', undefined, 'search'],
      ['boss', 'get', '/api/users?search=ana%00garc%C3%ADa', undefined, 'search'],
      ['me', 'get', '/api/appointments/a%00b', undefined, 'id'],
      ['me', 'post', '/api/messages', { body: 'hola\u0000' }, 'body'],
      ['me', 'post', '/api/appointments/ID/cancel', { reason: 'no\u0000puedo' }, 'reason'],
      ['boss', 'patch', '/api/appointments/ID', { notes: 'nota\u0000' }, 'notes'],
      ['doc', 'post', '/api/messages', { body: 'x', userId: 'a\u0000' }, 'userId'],
    ] as const)('%s %s %s %j is 400 naming the field', async (who, method, path, body, field) => {
      expect(await outcome(who, method, path.replace('ID', booked), body)).toBe(
        `400 VALIDATION_FAILED ${field}`,
      );
    });

    it('refuses a lone surrogate like a NUL (validator.js threw URIError on one in an e-mail)', async () => {
      for (const path of ['/auth/login', '/auth/register']) {
        const response = await t.http.post(path).send({ email: '\ud800', password: PASSWORD }).expect(400);
        expect(response.body.errors).toEqual([{ field: 'email', messages: expect.any(Array) }]);
      }
    });

    it('refuses a NUL in a login password before it reaches bcrypt', async () => {
      const response = await t.http
        .post('/auth/login')
        .send({ email: users.me.email, password: `${PASSWORD}\u0000` })
        .expect(400);
      expect(response.body.errors).toEqual([{ field: 'password', messages: expect.any(Array) }]);
    });
  });
});
