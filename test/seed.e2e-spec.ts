import { UsersService } from '../src/users/users.service.js';
import { seedDemoAccounts } from '../src/demo/demo-data.js';
import { login, startApp, type TestApp } from './helpers.js';

describe('demo seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('creates an admin, two doctors with specialties and two patients who can log in, and is idempotent', async () => {
    const accounts = await seedDemoAccounts(t.app.get(UsersService));
    expect(accounts.map((a) => a.rol).sort()).toEqual(['admin', 'doctor', 'doctor', 'user', 'user']);

    for (const account of accounts) {
      const session = await login(t.http, account.email, account.password);
      const me = await t.http.get('/auth/me').set(session.auth).expect(200);
      expect(me.body.rol).toBe(account.rol);
    }
    const admin = await login(t.http, 'admin@vitalis.example', accounts[0].password);
    const doctors = await t.http.get('/api/doctors').set(admin.auth).expect(200);
    expect(doctors.body.data.filter((d: { specialty: string }) => d.specialty).length).toBeGreaterThanOrEqual(
      2,
    );

    const again = await seedDemoAccounts(t.app.get(UsersService));
    expect(again.every((a) => !a.created)).toBe(true);
  });
});
