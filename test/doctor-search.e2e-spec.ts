import { randomUUID } from 'node:crypto';
import {
  admin,
  doctor,
  PASSWORD,
  patient,
  startApp,
  uniqueEmail,
  type LoggedIn,
  type TestApp,
} from './support/helpers.js';

/**
 * Finding care: GET /api/doctors?specialty=&search= (case and accents aside, on both engines) and
 * GET /api/specialties. Other files' doctors share the database, so every name and specialty here carries this
 * run's tag and every check looks only at tagged rows.
 */
describe('finding a doctor', () => {
  let t: TestApp;
  let boss: LoggedIn;
  let me: LoggedIn;
  // Letters only: a tag must fold to itself.
  const tag = randomUUID()
    .replace(/[^a-f]/g, '')
    .slice(0, 6)
    .padEnd(6, 'x');

  beforeAll(async () => {
    t = await startApp();
    boss = await admin(t.http);
    me = await patient(t.http);
  });

  afterAll(async () => {
    await t.close();
  });

  /** A doctor made by the admin with these names and specialty; its id. */
  async function makeDoctor(name: string, surname: string, specialty: string | null): Promise<string> {
    const response = await t.http
      .post('/api/users')
      .set(boss.auth)
      .send({ name, surname, email: uniqueEmail('doctor'), password: PASSWORD, rol: 'doctor', specialty })
      .expect(201);
    return response.body.id as string;
  }

  const doctors = (query: Record<string, string>, who: LoggedIn = me) =>
    t.http.get('/api/doctors').query(query).set(who.auth);

  /** The surnames listed for `query`, in the order given. */
  async function surnames(query: Record<string, string>): Promise<string[]> {
    const response = await doctors(query).expect(200);
    return (response.body.data as { surname: string }[]).map((d) => d.surname);
  }

  describe('GET /api/doctors', () => {
    let cardio: string;
    let lung: string;

    beforeAll(async () => {
      cardio = `Cardiología ${tag}`;
      lung = `Neumología ${tag}`;
      await makeDoctor('Íñigo', `Álvarez ${tag}`, cardio);
      await makeDoctor('Ana', `Zapata ${tag}`, `CARDIOLOGÍA ${tag}`);
      await makeDoctor('Łukasz', `Benítez ${tag}`, lung);
      // Written decomposed: e + U+0301 (combining acute), as some keyboards and pasted text send it.
      await makeDoctor('Eva', `Pe\u0301rez ${tag}`, lung);
      await makeDoctor('Nora', `Ruiz_${tag}`, null);
      const away = await makeDoctor('Íñigo', `Oculto ${tag}`, cardio);
      await t.http.patch(`/api/users/${away}`).set(boss.auth).send({ isActive: false }).expect(200);
      const gone = await makeDoctor('Íñigo', `Borrado ${tag}`, cardio);
      await t.http.delete(`/api/users/${gone}`).set(boss.auth).expect(204);
    });

    it('search matches each word in the name or surname, whatever the case and accents, in any order', async () => {
      await expect(surnames({ search: tag })).resolves.toEqual([
        `Álvarez ${tag}`,
        `Benítez ${tag}`,
        `Pe\u0301rez ${tag}`,
        `Ruiz_${tag}`,
        `Zapata ${tag}`,
      ]);
      await expect(surnames({ search: `INIGO alvarez ${tag}` })).resolves.toEqual([`Álvarez ${tag}`]);
      await expect(surnames({ search: `${tag} Álvarez íñigo` })).resolves.toEqual([`Álvarez ${tag}`]);
      await expect(surnames({ search: `lukasz ${tag}` })).resolves.toEqual([`Benítez ${tag}`]);
      // Decomposed in the database, precomposed or plain in the query.
      await expect(surnames({ search: `pérez ${tag}` })).resolves.toEqual([`Pe\u0301rez ${tag}`]);
      await expect(surnames({ search: `PEREZ ${tag}` })).resolves.toEqual([`Pe\u0301rez ${tag}`]);
      await expect(surnames({ search: `nadie ${tag}` })).resolves.toEqual([]);
    });

    it('takes % and _ in a search literally', async () => {
      await expect(surnames({ search: `z_${tag}` })).resolves.toEqual([`Ruiz_${tag}`]);
      await expect(surnames({ search: `z%${tag}` })).resolves.toEqual([]);
      await expect(surnames({ search: `z${tag}` })).resolves.toEqual([]);
    });

    it('specialty is the whole specialty, whatever the case and accents; with search, both apply', async () => {
      const all = [`Álvarez ${tag}`, `Zapata ${tag}`];
      await expect(surnames({ specialty: `cardiologia ${tag}` })).resolves.toEqual(all);
      await expect(surnames({ specialty: `  CARDIOLOGÍA ${tag}  ` })).resolves.toEqual(all);
      await expect(surnames({ specialty: `Cardiologia ${tag}`.normalize('NFD') })).resolves.toEqual(all);
      await expect(surnames({ specialty: 'cardio' })).resolves.toEqual([]);
      await expect(surnames({ specialty: `neumologia ${tag}`, search: 'eva' })).resolves.toEqual([
        `Pe\u0301rez ${tag}`,
      ]);
      await expect(surnames({ specialty: `neumologia ${tag}`, search: 'ana' })).resolves.toEqual([]);
    });

    it('answers the same short entries, to every role; blank filters are no filters', async () => {
      const response = await doctors({ specialty: `cardiologia ${tag}`, search: 'ana' }).expect(200);
      expect(response.body).toEqual({
        data: [
          { id: expect.any(String), name: 'Ana', surname: `Zapata ${tag}`, specialty: `CARDIOLOGÍA ${tag}` },
        ],
      });
      const doc = await doctor(t.http, boss);
      for (const who of [boss, doc]) {
        await expect(doctors({ search: `zapata ${tag}` }, who).expect(200)).resolves.toMatchObject({
          body: { data: [{ surname: `Zapata ${tag}` }] },
        });
      }
      const everyone = await doctors({}).expect(200);
      const blank = await doctors({ specialty: '  ', search: '' }).expect(200);
      expect(blank.body).toEqual(everyone.body);
      await t.http.get('/api/doctors').query({ search: tag }).expect(401);
    });
  });

  it('is in the Swagger document: both filters with their limits and examples, the specialties list', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const list = doc.paths['/api/doctors'].get;
    expect(list.parameters).toEqual([
      expect.objectContaining({ name: 'specialty', in: 'query', required: false }),
      expect.objectContaining({ name: 'search', in: 'query', required: false }),
    ]);
    for (const { schema } of list.parameters) {
      expect(schema).toMatchObject({ type: 'string', maxLength: 100, example: expect.any(String) });
    }
    expect(Object.keys(list.responses['400'].content['application/json'].examples)).toEqual([
      'VALIDATION_FAILED',
    ]);
    expect(doc.paths['/api/specialties'].get).toMatchObject({
      operationId: 'listSpecialties',
      tags: ['doctors'],
    });
    expect(doc.components.schemas.SpecialtyDto.properties).toMatchObject({
      name: { example: 'Cardiología' },
      doctors: { example: 3 },
    });
  });

  describe('bad filters are 400, never 500', () => {
    it.each([
      ['specialty over 100 characters', `specialty=${'a'.repeat(101)}`, 'specialty'],
      ['search over 100 characters', `search=${'é'.repeat(101)}`, 'search'],
      ['specialty given twice', 'specialty=a&specialty=b', 'specialty'],
      ['a bracketed key', 'search[a]=b', 'search[a]'],
      ['an unknown parameter', 'page=1', 'page'],
      ['a NUL character', 'search=a%00b', 'search'],
    ])('%s', async (_what, query, field) => {
      const response = await t.http.get(`/api/doctors?${query}`).set(me.auth).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field }] });
    });
  });

  describe('GET /api/specialties', () => {
    /** This run's entries of the list, in its order. */
    async function tagged(who: LoggedIn = me): Promise<{ name: string; doctors: number }[]> {
      const response = await t.http.get('/api/specialties').set(who.auth).expect(200);
      return (response.body.data as { name: string; doctors: number }[]).filter((s) =>
        s.name.endsWith(`-${tag}`),
      );
    }

    it('lists each specialty of active doctors once, by its commonest spelling, sorted as the search compares', async () => {
      await makeDoctor('Rosa', 'Uno', `Pediatría-${tag}`);
      await makeDoctor('Rosa', 'Dos', `Óptica-${tag}`);
      await makeDoctor('Rosa', 'Tres', `optica-${tag}`);
      await makeDoctor('Rosa', 'Cuatro', `Óptica-${tag}`);
      // A tie between two spellings goes to the first in byte order: the capitalised one.
      await makeDoctor('Rosa', 'Cinco', `dermatología-${tag}`);
      await makeDoctor('Rosa', 'Seis', `Dermatología-${tag}`);
      const away = await makeDoctor('Rosa', 'Siete', `Oncología-${tag}`);
      await t.http.patch(`/api/users/${away}`).set(boss.auth).send({ isActive: false }).expect(200);
      const gone = await makeDoctor('Rosa', 'Ocho', `Urología-${tag}`);
      await t.http.delete(`/api/users/${gone}`).set(boss.auth).expect(204);
      // No longer a doctor: the specialty goes with the role.
      const former = await makeDoctor('Rosa', 'Nueve', `Radiología-${tag}`);
      await t.http.patch(`/api/users/${former}`).set(boss.auth).send({ rol: 'user' }).expect(200);

      await expect(tagged()).resolves.toEqual([
        { name: `Dermatología-${tag}`, doctors: 2 },
        { name: `Óptica-${tag}`, doctors: 3 },
        { name: `Pediatría-${tag}`, doctors: 1 },
      ]);
      const names = (await t.http.get('/api/specialties').set(me.auth).expect(200)).body.data.map(
        (s: { name: string }) => s.name,
      );
      expect(new Set(names).size).toBe(names.length);
    });

    it('every name it gives finds its doctors; any role may ask, nobody anonymous', async () => {
      await makeDoctor('Jon', 'Ibarra', `Alergología-${tag}`);
      const [entry] = (await tagged()).filter((s) => s.name.startsWith('Alergolog'));
      await expect(doctors({ specialty: entry.name }).expect(200)).resolves.toMatchObject({
        body: { data: [{ surname: 'Ibarra' }] },
      });
      const doc = await doctor(t.http, boss);
      for (const who of [boss, doc]) {
        await expect(tagged(who)).resolves.toContainEqual({ name: `Alergología-${tag}`, doctors: 1 });
      }
      await t.http.get('/api/specialties').expect(401);
    });
  });
});
