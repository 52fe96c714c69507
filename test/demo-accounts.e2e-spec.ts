import { admin, login, startApp, type TestApp } from './support/helpers.js';
import { removeDemoClosure, seedDemoAccounts } from './support/demo.js';

interface LoginExamples {
  description?: string;
  content: {
    'application/json': { examples: Record<string, { value: { email: string; password: string } }> };
  };
}

/**
 * The first hour in Swagger UI: the pre-filled login is a real demo account, and `npm run seed` run again puts the
 * demo accounts back as it prints them (password, enabled, role, no lock-out), whatever happened to them.
 */
describe('demo accounts', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ LOGIN_MAX_FAILURES: '3' });
  });

  afterAll(async () => {
    await removeDemoClosure(t);
    await t.close();
  });

  const seed = () => seedDemoAccounts(t);

  it("pre-fills POST /auth/login in Swagger UI with the seed's admin, and names the other accounts", async () => {
    const accounts = await seed();
    const doc = await t.http.get('/docs-json').expect(200);
    const body = doc.body.paths['/auth/login'].post.requestBody as LoginExamples;
    const examples = Object.values(body.content['application/json'].examples).map((e) => e.value);
    const demoAdmin = accounts.find((a) => a.rol === 'admin')!;
    expect(examples[0]).toEqual({ email: demoAdmin.email, password: demoAdmin.password });
    for (const account of accounts) {
      expect(body.description).toContain(account.email);
    }
    await t.http.post('/auth/login').send(examples[0]).expect(200);
  });

  it('puts every demo account back when run again: password, enabled, role, lock-out cleared', async () => {
    const accounts = await seed();
    const [demoAdmin, doctorAccount, , patientAccount] = accounts;
    expect([demoAdmin.rol, doctorAccount.rol, patientAccount.rol]).toEqual(['admin', 'doctor', 'user']);

    // The admin locked out by wrong passwords (the right one is refused too, for LOGIN_LOCK_MINUTES).
    for (let attempt = 0; attempt < 3; attempt++) {
      await t.http
        .post('/auth/login')
        .send({ email: demoAdmin.email, password: 'a wrong password' })
        .expect(401);
    }
    await t.http
      .post('/auth/login')
      .send({ email: demoAdmin.email, password: demoAdmin.password })
      .expect(429);
    // A doctor who changed their password; a patient an admin disabled and made a doctor.
    const doc = await login(t.http, doctorAccount.email, doctorAccount.password);
    await t.http
      .put('/api/users/me/password')
      .set(doc.auth)
      .send({ currentPassword: doctorAccount.password, newPassword: 'a brand new secret 42' })
      .expect(204);
    const someone = await login(t.http, patientAccount.email, patientAccount.password);
    // The demo admin is locked out: another admin does it.
    const root = await admin(t.http);
    await t.http
      .patch(`/api/users/${someone.id}`)
      .set(root.auth)
      .send({ isActive: false, rol: 'doctor', specialty: 'Dermatología' })
      .expect(200);
    await t.http
      .post('/auth/login')
      .send({ email: patientAccount.email, password: patientAccount.password })
      .expect(401);

    const again = await seed();
    expect(again.map((a) => a.created)).toEqual(accounts.map(() => false));
    for (const account of again) {
      const session = await login(t.http, account.email, account.password);
      const me = await t.http.get('/auth/me').set(session.auth).expect(200);
      expect({ email: account.email, rol: me.body.rol, isActive: me.body.isActive }).toEqual({
        email: account.email,
        rol: account.rol,
        isActive: true,
      });
    }
    expect(again.find((a) => a.email === demoAdmin.email)?.reset).toContain('lock-out cleared');
    expect(again.find((a) => a.email === doctorAccount.email)?.reset).toContain('password');
    expect(again.find((a) => a.email === patientAccount.email)?.reset).toEqual(
      expect.arrayContaining(['enabled', 'role']),
    );
  });
});
