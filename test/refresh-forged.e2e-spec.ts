import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { patient, startApp, type TestApp } from './helpers.js';

const GENERATION = 1_000_000;
const ROUNDS = 9;

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
    for (let round = 0; round < ROUNDS; round++) {
      // A well-formed token one generation back: it passes the parser, so the lookup and the MAC check are timed.
      forged.push(await timed(`${sessionId}.${GENERATION - 1}.${randomSecret()}`, 401));
      const started = performance.now();
      const response = await refresh(current).expect(200);
      normal.push(performance.now() - started);
      current = response.body.refreshToken;
    }
    const ratio = median(forged) / median(normal);
    process.stdout.write(
      `forged refresh at generation ${GENERATION}: median ${median(forged).toFixed(1)} ms, ` +
        `real refresh ${median(normal).toFixed(1)} ms, ratio ${ratio.toFixed(2)}\n`,
    );
    expect(ratio).toBeLessThan(3);
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
