import { startApp, type TestApp, patient } from './helpers.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('logs in', async () => {
    const p = await patient(t.http);
    const me = await t.http.get('/auth/me').set(p.auth).expect(200);
    expect(me.body.id).toBe(p.id);
  });
});
