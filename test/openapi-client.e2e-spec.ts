import openapiTS, { astToString } from 'openapi-typescript';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { startApp, type TestApp } from './support/helpers.js';

/** A client written the way a consumer would: the login example and the appointments list, fully typed. */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { operations, paths } from './api.js';

type LoginBody = operations['login']['requestBody']['content']['application/json'];
type AppointmentPage = operations['listAppointments']['responses']['200']['content']['application/json'];

const api = createClient<paths>({ baseUrl: 'http://localhost:3000' });

export async function firstDoctorSurname(credentials: LoginBody): Promise<string> {
  const login = await api.POST('/auth/login', { body: credentials });
  if (login.error) {
    return login.error.code;
  }
  const token: string = login.data.token;
  const page = await api.GET('/api/appointments', {
    params: { query: { page: 1, limit: 20, status: 'scheduled' } },
    headers: { authorization: \`Bearer \${token}\` },
  });
  const appointments: AppointmentPage | undefined = page.data;
  return appointments?.data[0]?.doctor.surname ?? page.error?.message ?? '';
}

export const example: LoginBody = { email: 'admin@vitalis.example', password: 'secret' };
`;

/**
 * A typed client generated from /docs-json with openapi-typescript and openapi-fetch must compile under --strict:
 * the document is a contract people generate code from, so its schemas and operationIds are tested as such.
 */
describe('a typed client generated from /docs-json', () => {
  let t: TestApp;
  // Inside the project, so that the client resolves openapi-fetch from its node_modules.
  const cache = join(process.cwd(), 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'vitalis-openapi-client-'));

  beforeAll(async () => {
    t = await startApp();
  });

  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates with openapi-typescript and type-checks a small openapi-fetch client with --strict', async () => {
    const document = (await t.http.get('/docs-json').expect(200)).body as Parameters<typeof openapiTS>[0];
    writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(document)));
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));

    const program = ts.createProgram([join(dir, 'client.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    // Type-checking a program with the DOM library takes a while on a busy machine.
  }, 180_000);
});
