import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshIp } from './support/addresses.js';
import { PASSWORD, loginFrom, register, startApp, type TestApp, uniqueEmail } from './support/helpers.js';

/**
 * Login lock-out per e-mail and client address: after LOGIN_MAX_FAILURES failures, 429 TOO_MANY_ATTEMPTS with
 * Retry-After, even for the right password; counted in the database, so it survives a restart. (Bursts of parallel
 * attempts, IPv6 prefixes and password changes: lockout-burst.e2e-spec.ts.)
 */
describe('login lock-out', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ TRUST_PROXY: 'true', LOGIN_MAX_FAILURES: '3' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('locks an email from one IP after LOGIN_MAX_FAILURES failures, even for the right password', async () => {
    const { email } = await register(t.http);
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      await loginFrom(t.http, ip, email, 'wrong password!').expect(401);
    }
    const locked = await loginFrom(t.http, ip, email, PASSWORD).expect(429);
    expect(locked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });

  it('still lets the same email in from another IP', async () => {
    const { email } = await register(t.http);
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      await loginFrom(t.http, ip, email, 'wrong password!').expect(401);
    }
    await loginFrom(t.http, ip, email, PASSWORD).expect(429);
    const elsewhere = await loginFrom(t.http, freshIp(), email, PASSWORD).expect(200);
    expect(elsewhere.body.email).toBe(email);
  });

  it('counts unknown emails the same way, without telling them apart', async () => {
    const ip = freshIp();
    const nobody = uniqueEmail('nobody');
    for (let i = 0; i < 3; i++) {
      await loginFrom(t.http, ip, nobody, 'whatever password').expect(401);
    }
    await expect(loginFrom(t.http, ip, nobody, 'whatever password')).resolves.toMatchObject({ status: 429 });
  });

  it('forgets the failures after a success', async () => {
    const { email } = await register(t.http);
    const ip = freshIp();
    await loginFrom(t.http, ip, email, 'wrong password!').expect(401);
    await loginFrom(t.http, ip, email, 'wrong password!').expect(401);
    await loginFrom(t.http, ip, email, PASSWORD).expect(200);
    await loginFrom(t.http, ip, email, 'wrong password!').expect(401);
    await loginFrom(t.http, ip, email, 'wrong password!').expect(401);
    const again = await loginFrom(t.http, ip, email, PASSWORD).expect(200);
    expect(again.body.email).toBe(email);
  });
});

describe('lock-out across a restart', () => {
  it('holds, since it is counted in the database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-lockout-'));
    const env = { TRUST_PROXY: 'true', LOGIN_MAX_FAILURES: '2' };
    const first = await startApp(env, { dataDir });
    const { email } = await register(first.http);
    const ip = freshIp();
    for (let i = 0; i < 2; i++) {
      await loginFrom(first.http, ip, email, 'wrong password!').expect(401);
    }
    await first.close(true);
    const second = await startApp(env, { dataDir });
    try {
      const response = await loginFrom(second.http, ip, email, PASSWORD).expect(429);
      expect(response.body.code).toBe('TOO_MANY_ATTEMPTS');
    } finally {
      await second.close();
    }
  });
});
