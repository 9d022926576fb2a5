/**
 * The test set-up itself (jest.config.js). Every spec file runs: a folder's specs run through the
 * test files that import them, so a spec no test file imports would never run, and one imported
 * twice would run twice. Each spec keeps its tests and hooks inside one describe named after the
 * file, so in a shared test file its hooks do not run around its neighbours' tests. And the
 * transform keeps import attributes, which jest needs to load JSON without a warning.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync, type Options } from '@swc/core';
import ts from 'typescript';

const ROOT = '__tests__';
const files = readdirSync(ROOT, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => join(entry.parentPath, entry.name));
const specs = files.filter((file) => file.endsWith('.spec.ts'));
const testFiles = files.filter((file) => file.endsWith('.test.ts'));

test('every spec is imported by exactly one test file of its own folder', () => {
  const importers = new Map(specs.map((spec) => [spec, [] as string[]]));
  const strays: string[] = [];
  for (const testFile of testFiles) {
    for (const [, specifier] of readFileSync(testFile, 'utf8').matchAll(/^import '([^']+)\.js';$/gm)) {
      const spec = join(dirname(testFile), `${specifier}.ts`);
      if (!importers.has(spec) || dirname(spec) !== dirname(testFile)) strays.push(`${testFile} imports ${specifier}`);
      else importers.get(spec)!.push(testFile);
    }
  }
  expect(specs.length).toBeGreaterThan(100);
  expect(strays).toEqual([]);
  expect([...importers].filter(([, by]) => by.length !== 1)).toEqual([]);
});

test("a spec's tests and hooks sit in one describe named after the file", () => {
  const misplaced: string[] = [];
  for (const spec of specs) {
    const source = ts.createSourceFile(spec, readFileSync(spec, 'utf8'), ts.ScriptTarget.Latest);
    const rest = source.statements.filter((statement) => !ts.isImportDeclaration(statement));
    const call = rest.length === 1 && ts.isExpressionStatement(rest[0]!) ? rest[0].expression : undefined;
    const name = call && ts.isCallExpression(call) && call.expression.getText(source) === 'describe' ? call.arguments[0] : undefined;
    const expected = relative(ROOT, spec).replace(/\.spec\.ts$/, '');
    if (!name || !ts.isStringLiteral(name) || name.text !== expected) misplaced.push(spec);
  }
  expect(misplaced).toEqual([]);
});

test("the tests' transform keeps import attributes, so JSON loads as the code says", async () => {
  const config = (await import(pathToFileURL(resolve('jest.config.js')).href)).default as { transform: Record<string, [string, Options]> };
  const [, options] = config.transform['^.+\\.ts$']!;
  const { code } = transformSync("import pkg from '../package.json' with { type: 'json' };\nexport const name = pkg.name;\n", {
    ...options,
    filename: 'probe.ts'
  });
  expect(code).toMatch(/from '\.\.\/package\.json' with \{\s*type: 'json'\s*\}/);
});
