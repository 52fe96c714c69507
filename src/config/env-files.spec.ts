import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvFiles } from './env-files.js';

describe('loadEnvFiles', () => {
  function folderWith(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'vitalis-dotenv-'));
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }

  it('reads .env, then .env.local over it, and never overrides the real environment', () => {
    const dir = folderWith({
      '.env': 'DATA_DIR=./from-env\nKEY_FOR_ADMIN="a key # with a hash"\nDEFAULT_LOCALE=en\n# a comment\n',
      '.env.local': 'DATA_DIR=./from-local\n',
    });
    const env: NodeJS.ProcessEnv = { DEFAULT_LOCALE: 'es' };

    const read = loadEnvFiles(dir, env);

    expect(read).toEqual(['.env', '.env.local']);
    expect(env).toEqual({
      DATA_DIR: './from-local',
      KEY_FOR_ADMIN: 'a key # with a hash',
      DEFAULT_LOCALE: 'es',
    });
  });

  it('reads nothing, and changes nothing, where there is no file', () => {
    const env: NodeJS.ProcessEnv = { PORT: '3000' };
    expect(loadEnvFiles(folderWith({}), env)).toEqual([]);
    expect(env).toEqual({ PORT: '3000' });
  });
});
