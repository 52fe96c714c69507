// Jest's CommonJS loader cannot require() ES modules before Node 24.9, and @nestjs/throttler (CommonJS) requires
// @nestjs/common and @nestjs/core (ES modules only). Node 20.19 itself can, so the app runs as is; for Jest this
// writes an ES-module copy of such a package, each file wrapped unchanged, its names found by cjs-module-lexer
// (Node's own), and jest.config.js maps the package to that copy. One copy of @nestjs/common in the tests, then.
import { init, parse } from 'cjs-module-lexer';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const ESM_COPIES = join(root, 'node_modules/.cache/vitalis-jest');

/** Writes `<ESM_COPIES>/<name>/*.mjs` for every .js file of the package's `dist`. */
export async function writeEsmCopy(packageName) {
  await init();
  const source = join(root, 'node_modules', packageName, 'dist');
  const target = join(ESM_COPIES, packageName.replace('/', '__'));
  mkdirSync(target, { recursive: true });
  const files = readdirSync(source).filter((file) => file.endsWith('.js'));
  const lexed = new Map(
    files.map((file) => [file.slice(0, -3), parse(readFileSync(join(source, file), 'utf8'))]),
  );
  const namesOf = (name, seen = new Set()) => {
    if (seen.has(name) || !lexed.has(name)) {
      return [];
    }
    seen.add(name);
    const { exports, reexports } = lexed.get(name);
    return [...exports, ...reexports.flatMap((re) => namesOf(re.replace(/^\.\//, ''), seen))];
  };
  for (const file of files) {
    const name = file.slice(0, -3);
    const code = readFileSync(join(source, file), 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
    const specifiers = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]))];
    const imports = specifiers.map((specifier, i) =>
      specifier.startsWith('.')
        ? `import $${i} from '${specifier}.mjs';` // its module.exports, as require() would give
        : `import * as $${i} from '${specifier}';`,
    );
    const table = specifiers.map((specifier, i) => `${JSON.stringify(specifier)}: $${i}`).join(', ');
    const names = [...new Set(namesOf(name))].filter((n) => n !== '__esModule' && n !== 'default');
    writeFileSync(
      join(target, `${name}.mjs`),
      [
        ...imports,
        'const module = { exports: {} };',
        `const require = (id) => ({ ${table} })[id];`,
        `(function (exports, require, module) {\n${code}\n})(module.exports, require, module);`,
        'export default module.exports;',
        names.length > 0 ? `export const { ${names.join(', ')} } = module.exports;` : '',
      ].join('\n'),
    );
  }
}

export const ESM_COPIED_PACKAGES = ['@nestjs/throttler'];

export default async function globalSetup() {
  for (const packageName of ESM_COPIED_PACKAGES) {
    await writeEsmCopy(packageName);
  }
}
