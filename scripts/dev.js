// npm run start:dev: what `nest start --watch --type-check` did, without the Nest CLI (its dependencies require
// Node 22). SWC compiles what nest-cli.json's builder names into dist/ (the same as npm run build) and recompiles
// each file that changes; `node --watch` runs the entry file and restarts it when a compiled file changes; a
// TypeScript watcher (a child process, so a check never holds up a restart) reports type errors and, when there
// are none, rewrites src/metadata.ts if the DTOs changed it (see scripts/openapi-metadata.js).
import { fork, spawn } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { metadataFile, metadataSource, nestCli, root, tsConfigPath } from './plugin-metadata.js';

const require = createRequire(import.meta.url);

if (process.argv.includes('--type-check')) {
  typeCheck();
} else {
  await compileAndRun();
}

async function compileAndRun() {
  const { compilerOptions } = nestCli;
  const { outDir } = ts.getParsedCommandLineOfConfigFile(
    tsConfigPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic() {} },
  ).options;
  const out = relative(root, outDir);
  const { filenames, swcrcPath } = compilerOptions.builder.options;
  const entry = join(out, `${nestCli.entryFile}.js`);
  process.chdir(root);

  const children = [fork(import.meta.filename, ['--type-check'], { stdio: 'inherit' })];
  const stop = () => {
    children.forEach((child) => child.kill('SIGTERM'));
    process.exit();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  // The options npm run build gives the swc command, parsed as that command parses them.
  const { swcDir } = require('@swc/cli');
  const { default: parseSwcArgs, initProgram } = require('@swc/cli/lib/swc/options.js');
  initProgram();
  const { swcOptions, cliOptions } = parseSwcArgs([
    process.execPath,
    'swc',
    ...filenames,
    '--out-dir',
    out,
    '--config-file',
    swcrcPath,
    '--ignore',
    '**/*.spec.ts',
    '--watch',
    ...(compilerOptions.deleteOutDir ? ['--delete-dir-on-start'] : []),
  ]);
  const say = (line) => process.stderr.write(`[swc] ${line}\n`);
  await swcDir({
    swcOptions,
    cliOptions,
    callbacks: {
      onSuccess: ({ compiled, filename, duration }) =>
        say(
          filename ? `compiled ${filename}` : `compiled ${compiled ?? 0} files in ${Math.round(duration)} ms`,
        ),
      onFail: ({ reasons }) => {
        for (const [filename, reason] of reasons) {
          say(`failed on ${filename}:\n${reason}`);
        }
      },
      onWatchReady: () => {
        say('watching for changes');
        // --watch restarts the app when a file it loaded changes; the output stays (type errors included).
        children.push(
          spawn(process.execPath, ['--watch', '--watch-preserve-output', entry], { stdio: 'inherit' }),
        );
      },
    },
  });
}

/** tsc --watch --noEmit on nest-cli.json's tsconfig; with no errors, src/metadata.ts brought up to date. */
function typeCheck() {
  let program;
  const host = ts.createWatchCompilerHost(
    tsConfigPath,
    { noEmit: true, preserveWatchOutput: true },
    ts.sys,
    ts.createSemanticDiagnosticsBuilderProgram,
    ts.createDiagnosticReporter(ts.sys, true),
    (diagnostic, _newLine, _options, errorCount) => {
      process.stderr.write(`[tsc] ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}\n`);
      // "Found 0 errors. Watching for file changes."
      if (diagnostic.code === 6194 && errorCount === 0 && program) {
        const fresh = metadataSource(program);
        if (fresh !== readFileSync(metadataFile, { encoding: 'utf8', flag: 'a+' })) {
          writeFileSync(metadataFile, fresh);
          process.stderr.write('[tsc] src/metadata.ts written\n');
        }
      }
    },
  );
  // Each new program is kept for the status report that follows its check.
  const afterProgramCreate = host.afterProgramCreate;
  host.afterProgramCreate = (builder) => {
    program = builder.getProgram();
    afterProgramCreate?.(builder);
  };
  ts.createWatchProgram(host);
}
