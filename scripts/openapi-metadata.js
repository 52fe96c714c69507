// Writes src/metadata.ts: what the @nestjs/swagger CLI plugin reads from the DTOs and controllers (property types,
// class-validator rules, doc comments, response types). The SWC build does not run compiler plugins, so the app
// loads this file instead (src/swagger.ts). `--check` (run by npm run check) fails when the file is stale.
import { PluginMetadataGenerator } from '@nestjs/cli/lib/compiler/plugins/plugin-metadata-generator.js';
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const target = join(root, 'src', 'metadata.ts');
const nestCli = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
const swagger = nestCli.compilerOptions.plugins.find((plugin) => plugin.name === '@nestjs/swagger');

const outputDir = mkdtempSync(join(tmpdir(), 'vitalis-metadata-'));
try {
  new PluginMetadataGenerator().generate({
    visitors: [new ReadonlyVisitor({ ...swagger.options, pathToSource: join(root, nestCli.sourceRoot) })],
    tsProgramRef: ReadonlyVisitor.createTsProgram(join(root, nestCli.compilerOptions.tsConfigPath)),
    outputDir,
    filename: 'metadata.ts',
  });
  const fresh = readFileSync(join(outputDir, 'metadata.ts'), 'utf8');
  const current = readFileSync(target, { encoding: 'utf8', flag: 'a+' });
  if (process.argv.includes('--check')) {
    if (fresh !== current) {
      process.stderr.write(
        'src/metadata.ts is out of date with the DTOs and controllers: run npm run openapi:metadata\n',
      );
      process.exitCode = 1;
    }
  } else if (fresh !== current) {
    writeFileSync(target, fresh);
    process.stdout.write('src/metadata.ts written\n');
  }
} finally {
  rmSync(outputDir, { recursive: true, force: true });
}
