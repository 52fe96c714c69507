import { DataSource } from 'typeorm';
import { admin, doctor, listen, register, startApp, type LoggedIn, type TestApp } from './support/helpers.js';
import { booking, fire, loginAll, outcomeOf, seedPeople, slot } from './support/crowd.js';

/**
 * A large crowd booking one slot gets one 201 and 409s, never 5xx, on either engine (the embedded one is ~7× slower
 * and shares one connection). Bookings of one person take turns in memory, and a turn not reached within
 * DB_QUERY_TIMEOUT_MS (5 s) is 503. When every loser spent its turn on a full transaction (about 28 ms each on the
 * embedded engine here), the tail of a large crowd never got its turn: 250 gave one 201 and 57 to 107 × 503
 * (100 took 2.8 s and still fitted). A loser now meets the winner's committed row in one indexed read and is 409
 * at once: the same 250, and 400, gave no 5xx.
 */
const CROWD = 250;

describe('a crowd booking one slot at once, on one instance', () => {
  let t: TestApp;
  let url: string;
  let crowd: LoggedIn[];
  let boss: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    url = await listen(t);
    const db = t.app.get(DataSource);
    const query = <T>(sql: string, params: unknown[]) => db.query<T[]>(sql, params);
    crowd = await loginAll(t.http, await seedPeople(query, await register(t.http), 'user', CROWD));
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t?.close();
  });

  it(`${CROWD} patients, one slot of one doctor: one 201, the rest 409, no 5xx`, async () => {
    const doc = await doctor(t.http, boss);
    const statuses = await fire(
      url,
      crowd.map((me) => booking(me, { doctorId: doc.id, ...slot(0) })),
    );
    expect(outcomeOf(statuses)).toEqual({ 201: 1, 409: CROWD - 1 });
  });
});
