import { DataSource } from 'typeorm';
import {
  admin,
  listen,
  patient,
  PASSWORD,
  startApp,
  uniqueEmail,
  type LoggedIn,
  type TestApp,
} from './support/helpers.js';
import { chatSocket, connected, send } from './support/sockets.js';

/** A calendar day `days` from today (UTC), as YYYY-MM-DD. */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const EMPTY_PROFILE = { phone: null, birthDate: null, nationalId: null, locale: 'es' };

describe('the profile fields of a user (phone, birthDate, nationalId, locale)', () => {
  let t: TestApp;
  let boss: LoggedIn;

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  const editMe = (me: LoggedIn, body: Record<string, unknown>) =>
    t.http.patch('/api/users/me').set(me.auth).send(body);

  it('start empty, in Spanish, in every body of the user', async () => {
    const email = uniqueEmail();
    const registered = await t.http
      .post('/auth/register')
      .send({ name: 'Ana', surname: 'Prueba', email, password: PASSWORD })
      .expect(201);
    expect(registered.body).toMatchObject(EMPTY_PROFILE);
    const me = await patient(t.http);
    await expect(t.http.get('/api/users/me').set(me.auth)).resolves.toMatchObject({ body: EMPTY_PROFILE });
    await expect(t.http.get('/auth/me').set(me.auth)).resolves.toMatchObject({ body: EMPTY_PROFILE });
  });

  it('are set by their owner, normalized: E.164 phone, upper-case id without separators', async () => {
    const me = await patient(t.http);
    const profile = { phone: '+34612345678', birthDate: '1985-02-28', nationalId: 'X1234567L', locale: 'en' };
    const response = await editMe(me, {
      phone: ' +34 612-34-56-78 ',
      birthDate: '1985-02-28',
      nationalId: ' x-1234567-l ',
      locale: 'en',
    }).expect(200);
    expect(response.body).toMatchObject({ ...profile, name: 'Ana', email: me.email });
    await expect(t.http.get('/api/users/me').set(me.auth)).resolves.toMatchObject({ body: profile });
    await expect(t.http.get('/auth/me').set(me.auth)).resolves.toMatchObject({ body: profile });
    // Read back from the row (not echoed from the request) when another field changes.
    await expect(editMe(me, { surname: 'Otra' }).expect(200)).resolves.toMatchObject({ body: profile });
  });

  it.each([
    ['612345678', '+34612345678'],
    ['0034 612 345 678', '+34612345678'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('reads the phone %j as %s (a number without a country code is Spanish)', async (phone, e164) => {
    const me = await patient(t.http);
    await expect(editMe(me, { phone }).expect(200)).resolves.toMatchObject({ body: { phone: e164 } });
  });

  it("accepts today's date of birth and a DNI with its letter", async () => {
    const me = await patient(t.http);
    const body = { birthDate: dayFromToday(0), nationalId: '12345678z' };
    await expect(editMe(me, body).expect(200)).resolves.toMatchObject({
      body: { ...body, nationalId: '12345678Z' },
    });
  });

  it.each([
    [{ phone: '12345' }, 'phone', 'debe ser un teléfono válido, p. ej. +34612345678'],
    [{ phone: '+34 61234567' }, 'phone', 'debe ser un teléfono válido, p. ej. +34612345678'],
    [{ phone: '+999 612345678' }, 'phone', 'debe ser un teléfono válido, p. ej. +34612345678'],
    [{ phone: '+34 612 345 678 ext. 12' }, 'phone', 'debe ser un teléfono válido, p. ej. +34612345678'],
    [{ phone: 612345678 }, 'phone', 'debe ser un texto'],
    [{ phone: '+34'.padEnd(200, '6') }, 'phone', 'debe ser un teléfono válido, p. ej. +34612345678'],
    [{ birthDate: dayFromToday(2) }, 'birthDate', 'no puede ser futura ni anterior a 1900-01-01'],
    [{ birthDate: '1899-12-31' }, 'birthDate', 'no puede ser futura ni anterior a 1900-01-01'],
    [{ birthDate: '1990-02-30' }, 'birthDate', 'debe ser un día del calendario, AAAA-MM-DD'],
    [{ birthDate: '31/12/1990' }, 'birthDate', 'debe ser un día del calendario, AAAA-MM-DD'],
    [{ birthDate: '1990-12-31T00:00:00Z' }, 'birthDate', 'debe ser un día del calendario, AAAA-MM-DD'],
    [{ birthDate: 19901231 }, 'birthDate', 'debe ser un texto'],
    [{ nationalId: '12345678A' }, 'nationalId', 'la letra de control no corresponde al número'],
    [{ nationalId: 'Y1234567L' }, 'nationalId', 'la letra de control no corresponde al número'],
    [
      { nationalId: '1234567Z' },
      'nationalId',
      'debe ser un DNI (8 cifras y letra) o un NIE (X, Y o Z, 7 cifras y letra)',
    ],
    [
      { nationalId: 'W1234567L' },
      'nationalId',
      'debe ser un DNI (8 cifras y letra) o un NIE (X, Y o Z, 7 cifras y letra)',
    ],
    [{ nationalId: 12345678 }, 'nationalId', 'debe ser un texto'],
    [{ locale: 'fr' }, 'locale', 'debe ser es o en'],
    [{ locale: 'EN' }, 'locale', 'debe ser es o en'],
    [{ locale: null }, 'locale', 'debe ser es o en'],
  ])('refuses %j with 400 naming %s, and changes nothing', async (body, field, message) => {
    const me = await patient(t.http);
    await editMe(me, { phone: '+34612345678' }).expect(200);
    const response = await editMe(me, body).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(response.body.errors).toEqual([{ field, messages: [message] }]);
    await expect(t.http.get('/api/users/me').set(me.auth)).resolves.toMatchObject({
      body: { ...EMPTY_PROFILE, phone: '+34612345678' },
    });
  });

  it('says why in English when the request asks for it', async () => {
    const me = await patient(t.http);
    const response = await editMe(me, { nationalId: '12345678A' }).set('accept-language', 'en').expect(400);
    expect(response.body.errors).toEqual([
      { field: 'nationalId', messages: ['the check letter does not match the number'] },
    ]);
  });

  it('are cleared with null, all but the locale (null there is refused, above)', async () => {
    const me = await patient(t.http);
    await editMe(me, { phone: '612345678', birthDate: '1990-05-17', nationalId: '12345678Z' }).expect(200);
    const cleared = await editMe(me, { phone: null, birthDate: null, nationalId: null }).expect(200);
    expect(cleared.body).toMatchObject(EMPTY_PROFILE);
  });

  it('are set by an admin at creation and on edit, and shown in the list and the user', async () => {
    const email = uniqueEmail();
    const created = await t.http
      .post('/api/users')
      .set(boss.auth)
      .send({ name: 'Eva', surname: 'Ficha', email, password: PASSWORD, rol: 'user', phone: '612 345 678' })
      .expect(201);
    expect(created.body).toMatchObject({ ...EMPTY_PROFILE, phone: '+34612345678' });
    const profile = {
      birthDate: '1970-01-01',
      nationalId: 'Z1234567R',
      locale: 'en',
      phone: '+442079460958',
    };
    const edited = await t.http
      .patch(`/api/users/${created.body.id}`)
      .set(boss.auth)
      .send({ ...profile, phone: '+44 20 7946 0958', nationalId: 'z1234567r' })
      .expect(200);
    expect(edited.body).toMatchObject(profile);
    await expect(t.http.get(`/api/users/${created.body.id}`).set(boss.auth)).resolves.toMatchObject({
      body: profile,
    });
    const list = await t.http.get('/api/users').query({ search: email }).set(boss.auth).expect(200);
    expect(list.body.data).toEqual([expect.objectContaining({ id: created.body.id, ...profile })]);
  });

  it('are refused by the database itself when malformed (CHECK constraints)', async () => {
    const { id } = await patient(t.http);
    const db = t.app.get(DataSource);
    for (const [column, value] of [
      ['locale', 'fr'],
      ['phone', '612345678'],
      ['national_id', '12345678A'],
      ['national_id', 'X12345678'],
      ['birth_date', '1899-12-31'],
    ]) {
      await expect(db.query(`UPDATE users SET ${column} = $1 WHERE id = $2`, [value, id])).rejects.toThrow(
        /check constraint/,
      );
    }
  });

  describe('the language of a signed-in user’s errors', () => {
    const forbidden = (who: LoggedIn) => t.http.get('/api/users').set(who.auth).expect(403);

    it('is their locale when the request sends no Accept-Language, from the request after they change it', async () => {
      const me = await patient(t.http);
      await expect(forbidden(me)).resolves.toMatchObject({ body: { message: 'Usuario/Rol no autorizado' } });
      await t.http.patch('/api/users/me').set(me.auth).send({ locale: 'en' }).expect(200);
      await expect(forbidden(me)).resolves.toMatchObject({ body: { message: 'User/role not authorized' } });
      const invalid = await t.http.patch('/api/users/me').set(me.auth).send({ locale: 'fr' }).expect(400);
      expect(invalid.body).toMatchObject({
        message: 'The request data is not valid',
        errors: [{ field: 'locale', messages: ['must be es or en'] }],
      });
    });

    it('gives way to the Accept-Language of the request', async () => {
      const me = await patient(t.http);
      await t.http.patch('/api/users/me').set(me.auth).send({ locale: 'en' }).expect(200);
      const response = await forbidden(me).set('accept-language', 'es-ES');
      expect(response.body.message).toBe('Usuario/Rol no autorizado');
    });

    it('is theirs on the chat socket too, unless its handshake named a language', async () => {
      const me = await patient(t.http);
      await t.http.patch('/api/users/me').set(me.auth).send({ locale: 'en' }).expect(200);
      const url = await listen(t);
      const plain = await connected(chatSocket(url, { auth: { token: me.token } }));
      const spanish = await connected(
        chatSocket(url, { auth: { token: me.token }, extraHeaders: { 'accept-language': 'es' } }),
      );
      try {
        await expect(send(plain, { body: '' })).resolves.toMatchObject({
          error: { code: 'VALIDATION_FAILED', message: 'The request data is not valid' },
        });
        await expect(send(spanish, { body: '' })).resolves.toMatchObject({
          error: { code: 'VALIDATION_FAILED', message: 'Los datos enviados no son válidos' },
        });
      } finally {
        plain.close();
        spanish.close();
      }
    });

    it('is the server default before the caller is known', async () => {
      const me = await patient(t.http);
      await t.http.patch('/api/users/me').set(me.auth).send({ locale: 'en' }).expect(200);
      const response = await t.http.get('/api/users').set({ authorization: `${me.auth.authorization}x` });
      expect(response.body).toMatchObject({ code: 'TOKEN_INVALID', message: 'Token no válido' });
    });
  });
});
