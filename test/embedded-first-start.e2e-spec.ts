import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../src/database/data-source-options.js';
import { login, register, startApp } from './support/helpers.js';

/** initdb takes seconds on an idle machine and half a minute under load: the bound only catches a hang. */
const FIRST_START_TIMEOUT_MS = 5 * 60_000;

/**
 * The embedded engine's real first start, on an empty folder: initdb, every migration, a working API; then a later
 * start on the same folder, which keeps the data and applies nothing. (The other suites start on a copy of a
 * database migrated once per run, so this is where a newcomer's `npm start` is proved.) On both passes of CI:
 * DATABASE_URL is set aside here.
 */
describe('embedded database: first start on an empty folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vitalis-first-start-'));
  const embedded = { DATABASE_URL: '', LOG_LEVEL: 'info' };

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'creates the database, applies every migration and serves; a restart keeps the data and migrates nothing',
    async () => {
      const first = await startApp(embedded, { dataDir, fromScratch: true });
      let email: string;
      try {
        expect(first.log.text).toContain('Creating the embedded PostgreSQL (PGlite)');
        const applied: { name: string }[] = await first.app
          .get(DataSource)
          .query('SELECT name FROM migrations ORDER BY id');
        expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
        await first.http.get('/health/ready').expect(200);
        ({ email } = await register(first.http));
      } finally {
        await first.close(true);
      }

      const again = await startApp(embedded, { dataDir });
      try {
        expect(again.log.text).not.toContain('Creating the embedded PostgreSQL');
        expect(again.log.text).not.toContain('migrations applied');
        await expect(login(again.http, email)).resolves.toMatchObject({ email });
        // PGlite touches all of shared_buffers at start: PostgreSQL's 128 MB default doubled the process's memory.
        await expect(again.app.get(DataSource).query('SHOW shared_buffers')).resolves.toEqual([
          { shared_buffers: '16MB' },
        ]);
      } finally {
        await again.close(true);
      }
    },
    FIRST_START_TIMEOUT_MS,
  );
});
