import { admin, login, patient, register, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { type AuditEvent, auditEvents } from './support/audit.js';

/** GET /api/audit-events: filters, pages, the contract's type names, and admins only. */
describe('GET /api/audit-events', () => {
  let t: TestApp;
  let staff: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    staff = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  const events = (query: string) => auditEvents(t.http, staff, query);

  it('filters by type and time, pages newest first, and is for admins only', async () => {
    const { email } = await register(t.http);
    const before = new Date().toISOString();
    await login(t.http, email);
    await login(t.http, email);
    const logins = await events(`type=login.succeeded&from=${encodeURIComponent(before)}`);
    expect(logins.length).toBeGreaterThanOrEqual(2);
    expect(logins.every((event) => event.type === 'login_succeeded')).toBe(true);
    const times = logins.map((event) => Date.parse(event.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const page = await t.http.get('/api/audit-events?limit=1&page=2').set(staff.auth).expect(200);
    expect(page.body.data).toHaveLength(1);
    expect(page.body.meta).toMatchObject({ page: 2, limit: 1, total: expect.any(Number) });
    const none = await events(
      `type=login.succeeded&to=${encodeURIComponent(before)}&from=${encodeURIComponent(before)}`,
    );
    expect(none).toEqual([]);

    const me = await patient(t.http);
    const refused = await t.http.get('/api/audit-events').set(me.auth).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN_ROLE');
    for (const query of ['type=nope', 'userId=me', 'from=yesterday', 'limit=101']) {
      const bad = await t.http.get(`/api/audit-events?${query}`).set(staff.auth).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('names types as the contract does, and still understands the first release’s dotted names', async () => {
    const me = await patient(t.http);
    const modern = await events(`userId=${me.id}&type=login_succeeded`);
    expect(modern).toHaveLength(1);
    await expect(events(`userId=${me.id}&type=login.succeeded`)).resolves.toEqual(modern);
    const all = await t.http.get('/api/audit-events?limit=100').set(staff.auth).expect(200);
    expect(all.body.data.every((event: AuditEvent) => /^[a-z_]+$/.test(event.type))).toBe(true);
  });
});
