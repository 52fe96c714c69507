import pg from 'pg';
import type { Response } from 'superagent';
import { bookingLockKey } from '../src/appointments/booking-locks.js';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { slotAt } from './support/clock.js';
import { describeOnPostgres } from './support/describe-if.js';
import { untilLockWaiters } from './support/pg-locks.js';

/**
 * Two changes of one appointment at once end as if one ran after the other: the second is judged on what the first
 * left (API.md: cancelled, completed and no_show are final). Each race is ordered by a lock that the test's own
 * connection holds while the requests queue up behind it. Before the fix each check was made on a row read before
 * the wait and the write went through regardless: a move undid a cancel, a cancel undid a completion, and a
 * patient cancelled inside the notice window.
 */

describeOnPostgres('changes of one appointment at once', () => {
  let t: TestApp;
  /** The test's own connection, which holds the locks. */
  let db: pg.Client;
  let boss: LoggedIn;
  let doc: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    boss = await admin(t.http);
    doc = await doctor(t.http, boss);
  });

  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  /** Sends a request now (supertest sends on `then`). */
  const sent = (request: PromiseLike<Response>): Promise<Response> => Promise.resolve(request);
  const book = (who: LoggedIn, hours: number) =>
    t.http
      .post('/api/appointments')
      .set(who.auth)
      .send({ doctorId: doc.id, ...slotAt(hours) })
      .expect(201);
  const patch = (who: LoggedIn, id: string, body: Record<string, unknown>) =>
    t.http.patch(`/api/appointments/${id}`).set(who.auth).send(body);
  const cancel = (who: LoggedIn, id: string) =>
    t.http.post(`/api/appointments/${id}/cancel`).set(who.auth).send({});

  async function auditTypesOf(id: string): Promise<string[]> {
    const response = await t.http.get(`/api/audit-events?userId=${id}&limit=100`).set(boss.auth).expect(200);
    return (response.body.data as { type: string }[]).map((event) => event.type).reverse();
  }

  async function rowOf(id: string): Promise<{ status: string; startsAt: string }> {
    const response = await t.http.get(`/api/appointments/${id}`).set(boss.auth).expect(200);
    return { status: response.body.status, startsAt: response.body.startsAt };
  }

  afterEach(async () => {
    await db.query('ROLLBACK');
  });

  it('a move waiting for its turn, then a cancel: the move is 409 INVALID_TRANSITION and the row stays cancelled where it was', async () => {
    const me = await patient(t.http);
    const booked = (await book(me, 100)).body;
    const later = slotAt(200);
    await db.query('BEGIN');
    await db.query('SELECT pg_advisory_xact_lock($1::bigint)', [bookingLockKey(doc.id).toString()]);
    const move = sent(patch(me, booked.id, later));
    await untilLockWaiters(db, 1);

    const cancelled = await cancel(boss, booked.id).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await db.query('ROLLBACK');

    const moved = await move;
    expect([moved.status, moved.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    expect(await rowOf(booked.id)).toEqual({ status: 'cancelled', startsAt: booked.startsAt });
    expect(await auditTypesOf(booked.id)).toEqual(['appointment_created', 'appointment_cancelled']);
    // The slot the move asked for is still free.
    await t.http
      .post('/api/appointments')
      .set((await patient(t.http)).auth)
      .send({ doctorId: doc.id, ...later })
      .expect(201);
  });

  it('a completion and a cancel at once: one is 200, the other 409 INVALID_TRANSITION, and the audit tells only the first', async () => {
    const me = await patient(t.http);
    const { id } = (await book(me, 300)).body;
    await patch(doc, id, { status: 'confirmed' }).expect(200);
    await db.query('BEGIN');
    await db.query('SELECT 1 FROM appointments WHERE id = $1 FOR UPDATE', [id]);
    const both = Promise.all([sent(patch(doc, id, { status: 'completed' })), sent(cancel(boss, id))]);
    await untilLockWaiters(db, 2);
    await db.query('ROLLBACK');

    const [completing, cancelling] = await both;
    expect([completing.status, cancelling.status].sort()).toEqual([200, 409]);
    const [winner, loser] = completing.status === 200 ? [completing, cancelling] : [cancelling, completing];
    expect(loser.body.code).toBe('INVALID_TRANSITION');
    expect((await rowOf(id)).status).toBe(winner.body.status);
    const last = winner === completing ? 'appointment_status_changed' : 'appointment_cancelled';
    expect(await auditTypesOf(id)).toEqual(['appointment_created', 'appointment_status_changed', last]);
  });

  it('staff move an appointment into the notice window while its patient cancels: the cancel is judged on the new time (422 CANCEL_TOO_LATE)', async () => {
    const me = await patient(t.http);
    const { id } = (await book(me, 400)).body;
    const soon = slotAt(6);
    await db.query('BEGIN');
    await db.query('SELECT 1 FROM appointments WHERE id = $1 FOR UPDATE', [id]);
    const move = sent(patch(boss, id, soon));
    await untilLockWaiters(db, 1);
    const late = sent(cancel(me, id));
    await untilLockWaiters(db, 2);
    await db.query('ROLLBACK');

    expect((await move).status).toBe(200);
    const refused = await late;
    expect([refused.status, refused.body.code]).toEqual([422, 'CANCEL_TOO_LATE']);
    expect(await rowOf(id)).toEqual({ status: 'scheduled', startsAt: soon.startsAt });
  });
});
