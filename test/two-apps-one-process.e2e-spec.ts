import { login, PASSWORD, register, startApp, type TestApp } from './support/helpers.js';
import { scratchDatabase } from './support/scratch-database.js';

/**
 * passport keeps one strategy per name for the whole process, so the app started last used to check every app's
 * tokens: its keys, its database. Each app now authenticates with its own, whichever registered the strategy.
 */
describe('two apps in one process, each with its own database and secret', () => {
  let a: TestApp;
  let b: TestApp;
  let second: Awaited<ReturnType<typeof scratchDatabase>> | null = null;

  beforeAll(async () => {
    a = await startApp({ JWT_SECRET: 'first-app-secret-first-app-secret-first' });
    second = process.env.DATABASE_URL ? await scratchDatabase('vitalis_two_apps') : null;
    b = await startApp({
      JWT_SECRET: 'second-app-secret-second-app-secret-2nd',
      ...(second ? { DATABASE_URL: second.url } : {}),
    });
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await second?.drop();
  });

  it('each app accepts its own tokens and refuses the other’s', async () => {
    const onA = await login(a.http, (await register(a.http)).email, PASSWORD);
    const onB = await login(b.http, (await register(b.http)).email, PASSWORD);

    await expect(a.http.get('/auth/me').set(onA.auth)).resolves.toMatchObject({
      status: 200,
      body: { id: onA.id },
    });
    await expect(b.http.get('/auth/me').set(onB.auth)).resolves.toMatchObject({
      status: 200,
      body: { id: onB.id },
    });
    await expect(a.http.get('/auth/me').set(onB.auth)).resolves.toMatchObject({
      status: 401,
      body: { code: 'TOKEN_INVALID' },
    });
    await expect(b.http.get('/auth/me').set(onA.auth)).resolves.toMatchObject({
      status: 401,
      body: { code: 'TOKEN_INVALID' },
    });
  });

  it('a logout on one app ends that session there at once, and the other app is untouched', async () => {
    const onA = await login(a.http, (await register(a.http)).email, PASSWORD);
    const onB = await login(b.http, (await register(b.http)).email, PASSWORD);

    await a.http.post('/auth/logout').set(onA.auth).expect(204);

    await expect(a.http.get('/auth/me').set(onA.auth)).resolves.toMatchObject({
      status: 401,
      body: { code: 'SESSION_REVOKED' },
    });
    await expect(b.http.get('/auth/me').set(onB.auth)).resolves.toMatchObject({ status: 200 });
  });
});
