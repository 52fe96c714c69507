import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { patient, startApp, type TestApp } from './support/helpers.js';

const GENERATION = 1_000_000;
/** Timed rounds, after WARM_UP untimed ones (the first requests of a run pay for JIT and caches). */
const ROUNDS = 15;
const WARM_UP = 2;
/**
 * A forged token may cost at most this many times a real refresh (median against median, measured in this run,
 * interleaved so a busy machine slows both alike; about 0.5 here). Walking the history, as the first release did,
 * costs hundreds of times more at this generation: the bound stays far from both.
 */
const MAX_RATIO = 5;

/** A made-up secret of the right shape (43 base64url characters). */
const randomSecret = (): string => randomBytes(32).toString('base64url');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Verifying a refresh token costs the same whatever the session's history: an attacker who refreshes a million
 * times, then sends made-up tokens, must not make the server walk that history (issue 9, item 1).
 */
describe('POST /auth/refresh with forged tokens for a long-lived session', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await startApp();
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t.close();
  });

  const refresh = (refreshToken: string) => t.http.post('/auth/refresh').send({ refreshToken });

  async function timed(refreshToken: string, status: number): Promise<number> {
    const started = performance.now();
    const response = await refresh(refreshToken);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(status);
    return elapsed;
  }

  it('answers a forged token as fast as a real refresh, REFRESH_INVALID, and kills nothing', async () => {
    const victim = await patient(t.http);
    const sessionId = victim.refreshToken.split('.')[0];
    // As if the session had been refreshed a million times.
    await db.query(`UPDATE sessions SET generation = $2 WHERE id = $1`, [sessionId, GENERATION]);

    const forgedShapes = [
      `${sessionId}.${randomSecret()}`,
      `${sessionId}.${GENERATION}.${randomSecret()}`,
      `${sessionId}.${GENERATION - 1}.${randomSecret()}`,
      `${sessionId}.1.${randomSecret()}`,
    ];
    for (const token of forgedShapes) {
      await expect(refresh(token)).resolves.toMatchObject({ status: 401, body: { code: 'REFRESH_INVALID' } });
    }
    const forged: number[] = [];
    const normal: number[] = [];
    let current = (await patient(t.http)).refreshToken;
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      // A well-formed token one generation back: it passes the parser, so the lookup and the MAC check are timed.
      const forgedMs = await timed(`${sessionId}.${GENERATION - 1}.${randomSecret()}`, 401);
      const started = performance.now();
      const response = await refresh(current).expect(200);
      const normalMs = performance.now() - started;
      current = response.body.refreshToken;
      if (round >= WARM_UP) {
        forged.push(forgedMs);
        normal.push(normalMs);
      }
    }
    expect(median(forged) / median(normal)).toBeLessThan(MAX_RATIO);
    // The victim's session survived every forged token.
    await t.http.get('/auth/me').set(victim.auth).expect(200);
  });

  it('still tells reuse from forgery after many rotations, in constant work', async () => {
    const me = await patient(t.http);
    const issued = [me.refreshToken];
    for (let i = 0; i < 30; i++) {
      issued.push((await refresh(issued[issued.length - 1]).expect(200)).body.refreshToken);
    }
    const [sessionId, generation] = issued[issued.length - 1].split('.');
    expect(Number(generation)).toBe(30);
    await expect(refresh(`${sessionId}.3.${randomSecret()}`)).resolves.toMatchObject({
      status: 401,
      body: { code: 'REFRESH_INVALID' },
    });
    await t.http.get('/auth/me').set(me.auth).expect(200);
    await expect(refresh(issued[3])).resolves.toMatchObject({
      status: 401,
      body: { code: 'REFRESH_REUSED' },
    });
    await t.http.get('/auth/me').set(me.auth).expect(401);
  });
});
