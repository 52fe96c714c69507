import {
  ADMIN_KEY,
  admin,
  doctor,
  patient,
  startApp,
  type LoggedIn,
  type TestApp,
  uniqueEmail,
} from './helpers.js';

interface AuditEvent {
  type: string;
  actorId: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}

const at = (hours: number, minutes = 0): string =>
  new Date(Date.now() + hours * 3_600_000 + minutes * 60_000).toISOString();

/** Issue 9, item 7: the events the first release did not write, and the contract's names for all of them. */
describe('audit trail', () => {
  let t: TestApp;
  let staff: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    staff = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  async function events(query: string): Promise<AuditEvent[]> {
    const response = await t.http.get(`/api/audit-events?limit=100&${query}`).set(staff.auth).expect(200);
    return response.body.data as AuditEvent[];
  }

  const applicant = (extra: Record<string, unknown>) => ({
    name: 'Ana',
    surname: 'Prueba',
    email: uniqueEmail('admin'),
    password: 'correct horse battery',
    ...extra,
  });

  it('records an admin registering themselves, and a wrong adminKey', async () => {
    const created = await t.http
      .post('/auth/register')
      .send(applicant({ adminKey: ADMIN_KEY }))
      .expect(201);
    await expect(events(`userId=${created.body.id}&type=admin_registered`)).resolves.toEqual([
      expect.objectContaining({ actorId: created.body.id, subjectId: created.body.id }),
    ]);
    const refused = applicant({ adminKey: 'not the key' });
    await t.http.post('/auth/register').send(refused).expect(403);
    const trail = await events('type=admin_key_refused');
    expect(trail.some((event) => event.details.email === refused.email)).toBe(true);
    expect(JSON.stringify(trail)).not.toContain('not the key');
  });

  it('records every status change of an appointment, and a cancel by PATCH like one by POST …/cancel', async () => {
    const doc = await doctor(t.http, staff);
    const me = await patient(t.http);
    const book = async (hours: number) =>
      (
        await t.http
          .post('/api/appointments')
          .set(me.auth)
          .send({ doctorId: doc.id, startsAt: at(hours), endsAt: at(hours, 30) })
          .expect(201)
      ).body.id as string;
    const status = (id: string, value: string) =>
      t.http.patch(`/api/appointments/${id}`).set(doc.auth).send({ status: value }).expect(200);

    const done = await book(72);
    await status(done, 'confirmed');
    await status(done, 'completed');
    await expect(events(`userId=${done}&type=appointment_status_changed`)).resolves.toEqual([
      expect.objectContaining({
        actorId: doc.id,
        details: expect.objectContaining({ from: 'confirmed', to: 'completed' }),
      }),
      expect.objectContaining({
        actorId: doc.id,
        details: expect.objectContaining({ from: 'scheduled', to: 'confirmed' }),
      }),
    ]);

    const cancelled = await book(96);
    await status(cancelled, 'cancelled');
    await expect(events(`userId=${cancelled}&type=appointment_cancelled`)).resolves.toEqual([
      expect.objectContaining({ actorId: doc.id, subjectId: cancelled }),
    ]);
  });

  it('records an admin reading the conversations list', async () => {
    await t.http.get('/api/messages/conversations').set(staff.auth).expect(200);
    const trail = await events(`userId=${staff.id}&type=messages_conversations_read`);
    expect(trail.length).toBeGreaterThanOrEqual(1);
    expect(trail[0]).toMatchObject({ actorId: staff.id, details: { count: expect.any(Number) } });
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
