// src/metadata.ts from a TypeScript program: what the @nestjs/swagger CLI plugin's ReadonlyVisitor collects from
// the DTOs and controllers, printed as the Nest CLI prints it. A port of the Nest CLI's PluginMetadataGenerator and
// PluginMetadataPrinter (@nestjs/cli 12, MIT, (c) Kamil Mysliwiec), so that neither `npm run openapi:metadata` nor
// `npm run start:dev` needs the CLI, whose dependencies require Node 22. The plugin's options, the source root and
// the tsconfig come from nest-cli.json.
import { ReadonlyVisitor } from '@nestjs/swagger/plugin';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

export const root = resolve(import.meta.dirname, '..');
export const nestCli = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
/** Where the file goes (the Nest CLI's choice too: the source root). */
export const metadataFile = join(root, nestCli.sourceRoot, 'metadata.ts');
export const tsConfigPath = join(root, nestCli.compilerOptions.tsConfigPath);

/** A fresh visitor per run: it accumulates what it visits. */
function swaggerVisitor() {
  const swagger = nestCli.compilerOptions.plugins.find((plugin) => plugin.name === '@nestjs/swagger');
  return new ReadonlyVisitor({ ...swagger.options, pathToSource: join(root, nestCli.sourceRoot) });
}

/** A program of the tsconfig named in nest-cli.json, built once. */
export function createProgram() {
  return ReadonlyVisitor.createTsProgram(tsConfigPath);
}

/** The text of src/metadata.ts for `program`. */
export function metadataSource(program) {
  const visitors = [swaggerVisitor()];
  for (const sourceFile of program.getSourceFiles()) {
    if (!sourceFile.isDeclarationFile) {
      visitors.forEach((visitor) => visitor.visit(program, sourceFile));
    }
  }
  const metadata = {};
  let typeImports = {};
  for (const visitor of visitors) {
    metadata[visitor.key] = visitor.collect();
    typeImports = { ...typeImports, ...visitor.typeImports };
  }
  // Under node16/nodenext resolution a dynamic import() needs its extension: the visitors give none.
  const { moduleResolution } = program.getCompilerOptions();
  if (
    moduleResolution === ts.ModuleResolutionKind.Node16 ||
    moduleResolution === ts.ModuleResolutionKind.NodeNext
  ) {
    for (const sections of Object.values(metadata)) {
      for (const tuples of Object.values(sections)) {
        if (Array.isArray(tuples)) {
          tuples.forEach(
            ([importExpression, meta], i) => (tuples[i] = [withJsExtensions(importExpression), meta]),
          );
        }
      }
    }
    for (const key of Object.keys(typeImports)) {
      typeImports[key] = typeImports[key].replace(
        /import\((['"])((?:\\\1|(?!\1).)*)\1\)/g,
        (_match, quote, specifier) => `import(${quote}${withJsExtension(specifier)}${quote})`,
      );
    }
  }
  return print(metadata, typeImports);
}

function withJsExtension(specifier) {
  return /^\.\.?\//.test(specifier) && !/\.(m?js|c?js|m?ts|c?ts|json|node)$/i.test(specifier)
    ? `${specifier}.js`
    : specifier;
}

function withJsExtensions(expression) {
  const visit = (node) => {
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      const original = node.arguments[0].text;
      const rewritten = withJsExtension(original);
      if (rewritten !== original) {
        return ts.factory.updateCallExpression(node, node.expression, node.typeArguments, [
          ts.factory.createStringLiteral(rewritten),
          ...node.arguments.slice(1),
        ]);
      }
    }
    return ts.visitEachChild(node, visit, undefined);
  };
  return visit(expression);
}

/** `export default async () => { const t = { ...type imports }; return { ...metadata }; }` */
function print(metadata, typeImports) {
  const { factory } = ts;
  const property = (identifier, meta) =>
    Array.isArray(meta)
      ? factory.createPropertyAssignment(
          factory.createStringLiteral(identifier),
          factory.createArrayLiteralExpression(
            meta.map(([importExpression, entries]) =>
              factory.createArrayLiteralExpression([
                importExpression,
                factory.createObjectLiteralExpression(
                  Object.keys(entries).map((key) => property(key, entries[key])),
                ),
              ]),
            ),
          ),
        )
      : factory.createPropertyAssignment(
          factory.createStringLiteral(identifier),
          ts.isObjectLiteralExpression(meta)
            ? meta
            : factory.createObjectLiteralExpression(Object.keys(meta).map((key) => property(key, meta[key]))),
        );
  const typeImportsStatement = factory.createVariableStatement(
    undefined,
    factory.createVariableDeclarationList(
      [
        factory.createVariableDeclaration(
          factory.createIdentifier('t'),
          undefined,
          undefined,
          factory.createObjectLiteralExpression(
            Object.keys(typeImports).map((name) =>
              factory.createPropertyAssignment(
                factory.createComputedPropertyName(factory.createStringLiteral(name)),
                factory.createIdentifier(typeImports[name]),
              ),
            ),
            true,
          ),
        ),
      ],
      ts.NodeFlags.Const |
        ts.NodeFlags.AwaitContext |
        ts.NodeFlags.ContextFlags |
        ts.NodeFlags.TypeExcludesFlags,
    ),
  );
  const exportAssignment = factory.createExportAssignment(
    undefined,
    undefined,
    factory.createArrowFunction(
      [factory.createToken(ts.SyntaxKind.AsyncKeyword)],
      undefined,
      [],
      undefined,
      factory.createToken(ts.SyntaxKind.EqualsGreaterThanToken),
      factory.createBlock(
        [
          typeImportsStatement,
          factory.createReturnStatement(
            factory.createObjectLiteralExpression(
              Object.keys(metadata).map((key) => property(key, metadata[key])),
            ),
          ),
        ],
        true,
      ),
    ),
  );
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  const file = ts.createSourceFile('file.ts', '', ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return `/* eslint-disable */\n${printer.printNode(ts.EmitHint.Unspecified, exportAssignment, file)}`;
}
