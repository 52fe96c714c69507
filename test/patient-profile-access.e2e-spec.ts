import { booked } from './support/appointments.js';
import { admin, doctor, patient, startApp, type LoggedIn, type TestApp } from './support/helpers.js';

const PROFILE = { phone: '+34612345678', birthDate: '1985-02-28', nationalId: 'X1234567L', locale: 'en' };

describe('who sees and edits a patient’s profile', () => {
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  /** A doctor and a patient with a profile, and the appointment between them. */
  async function doctorAndPatient() {
    const pair = await booked(t.http, boss);
    await t.http.patch('/api/users/me').set(pair.me.auth).send(PROFILE).expect(200);
    return pair;
  }

  const readPatient = (who: LoggedIn, id: string) => t.http.get(`/api/patients/${id}`).set(who.auth);

  it('a doctor reads the profile of a patient they have an appointment with, and nothing more', async () => {
    const { doc, me } = await doctorAndPatient();
    const response = await readPatient(doc, me.id).expect(200);
    expect(response.body).toEqual({ id: me.id, name: 'Ana', surname: 'Prueba', email: me.email, ...PROFILE });
  });

  it('whatever the status of the appointment: cancelled counts too', async () => {
    const { doc, me, appointment } = await doctorAndPatient();
    await t.http.post(`/api/appointments/${appointment.id}/cancel`).set(doc.auth).send({}).expect(200);
    await expect(readPatient(doc, me.id).expect(200)).resolves.toMatchObject({ body: PROFILE });
  });

  it('a doctor without an appointment with the patient gets 404 NOT_FOUND, as for an unknown id', async () => {
    const { me } = await doctorAndPatient();
    const stranger = await doctor(t.http, boss);
    const refused = await readPatient(stranger, me.id).expect(404);
    expect(refused.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'No encontrado' });
    const unknown = await readPatient(stranger, '00000000-0000-4000-8000-000000000000').expect(404);
    expect(unknown.body).toEqual(refused.body);
    await expect(readPatient(stranger, 'not-a-uuid').expect(400)).resolves.toMatchObject({
      body: { code: 'VALIDATION_FAILED' },
    });
  });

  it('a deleted patient is 404 to their doctor', async () => {
    const { doc, me } = await doctorAndPatient();
    await readPatient(doc, me.id).expect(200);
    await t.http.delete(`/api/users/${me.id}`).set(boss.auth).expect(204);
    await expect(readPatient(doc, me.id).expect(404)).resolves.toMatchObject({ body: { code: 'NOT_FOUND' } });
  });

  it('admins read any patient; a doctor or an admin is no patient, 404 even to an admin', async () => {
    const { doc, me } = await doctorAndPatient();
    await expect(readPatient(boss, me.id).expect(200)).resolves.toMatchObject({ body: PROFILE });
    for (const notPatient of [doc.id, boss.id]) {
      await expect(readPatient(boss, notPatient).expect(404)).resolves.toMatchObject({
        body: { code: 'NOT_FOUND' },
      });
    }
  });

  it('patients get 403 FORBIDDEN_ROLE on every route that shows or edits someone else', async () => {
    const { me } = await doctorAndPatient();
    const other = await patient(t.http);
    await t.http.patch('/api/users/me').set(other.auth).send({ phone: '+34699999999' }).expect(200);
    for (const call of [
      readPatient(other, me.id),
      readPatient(me, me.id),
      t.http.get(`/api/users/${me.id}`).set(other.auth),
      t.http.patch(`/api/users/${me.id}`).set(other.auth).send({ phone: '+34699999999' }),
    ]) {
      await expect(call.expect(403)).resolves.toMatchObject({ body: { code: 'FORBIDDEN_ROLE' } });
    }
    await expect(readPatient(boss, me.id)).resolves.toMatchObject({ body: { phone: PROFILE.phone } });
  });

  it('a doctor may read, not edit, a patient’s profile; their own they edit like anyone', async () => {
    const { doc, me } = await doctorAndPatient();
    await t.http.patch(`/api/users/${me.id}`).set(doc.auth).send({ locale: 'es' }).expect(403);
    await expect(readPatient(doc, me.id)).resolves.toMatchObject({ body: { locale: 'en' } });
    const own = await t.http.patch('/api/users/me').set(doc.auth).send({ phone: '699 123 456' }).expect(200);
    expect(own.body).toMatchObject({ id: doc.id, rol: 'doctor', phone: '+34699123456' });
  });

  it('no other body that names a person carries the profile', async () => {
    const { doc, me, appointment } = await doctorAndPatient();
    await t.http.patch('/api/users/me').set(doc.auth).send({ phone: '699 123 456' }).expect(200);
    for (const who of [doc, me, boss]) {
      const seen = await t.http.get(`/api/appointments/${appointment.id}`).set(who.auth).expect(200);
      expect(Object.keys(seen.body.patient).sort()).toEqual(['id', 'name', 'surname']);
      expect(Object.keys(seen.body.doctor).sort()).toEqual(['id', 'name', 'specialty', 'surname']);
    }
    const doctors = await t.http.get('/api/doctors').set(me.auth).expect(200);
    const listed = doctors.body.data.find((d: { id: string }) => d.id === doc.id);
    expect(Object.keys(listed).sort()).toEqual(['id', 'name', 'specialty', 'surname']);
  });
});
