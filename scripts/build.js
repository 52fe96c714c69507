// Compiles src, bench and ormconfig.ts into dist/ with SWC (types are checked by `npm run check`, not here).
// With --if-changed (what `npm start` runs) the build is skipped when dist/ was built from exactly these files as
// they are now: a warm start goes straight to the server. The stamp holds every input's path, size and mtime, so an
// edited, added or deleted file (a stale migration left in dist/ would run) means a full build.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const INPUTS = ['src', 'bench', 'ormconfig.ts', 'swc.config.json'];
const STAMP = join(root, 'dist', '.build-stamp');

function* files(path) {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      yield* files(join(path, entry));
    }
  } else {
    yield path;
  }
}

function fingerprint() {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(join(root, input))) {
      const { size, mtimeMs } = statSync(file);
      hash.update(`${relative(root, file)}\0${size}\0${mtimeMs}\n`);
    }
  }
  return hash.digest('hex');
}

const current = fingerprint();
if (process.argv.includes('--if-changed') && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === current) {
  process.exit(0);
}
execFileSync(
  join(root, 'node_modules', '.bin', 'swc'),
  [
    ...INPUTS.slice(0, 3),
    '--out-dir',
    'dist',
    '--config-file',
    'swc.config.json',
    '--ignore',
    '**/*.spec.ts',
    '--delete-dir-on-start',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
writeFileSync(STAMP, current);
