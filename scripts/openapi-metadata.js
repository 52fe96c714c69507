// Writes src/metadata.ts: what the @nestjs/swagger CLI plugin reads from the DTOs and controllers (property types,
// class-validator rules, doc comments, response types). The SWC build does not run compiler plugins, so the app
// loads this file instead (src/swagger.ts). `--check` (run by npm run check) fails when the file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createProgram, metadataFile, metadataSource } from './plugin-metadata.js';

const fresh = metadataSource(createProgram());
const current = readFileSync(metadataFile, { encoding: 'utf8', flag: 'a+' });
if (process.argv.includes('--check')) {
  if (fresh !== current) {
    process.stderr.write(
      'src/metadata.ts is out of date with the DTOs and controllers: run npm run openapi:metadata\n',
    );
    process.exitCode = 1;
  }
} else if (fresh !== current) {
  writeFileSync(metadataFile, fresh);
  process.stdout.write('src/metadata.ts written\n');
}
