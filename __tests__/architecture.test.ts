/**
 * The layers of docs/ARCHITECTURE.md hold: every import of src/ (static, type-only, re-export or
 * dynamic) goes to a folder its own folder's row allows, and no two folders import each other,
 * however indirectly. The table is read from the document itself (scripts/layers.js), the same one
 * the lint reads.
 *
 * Until issue-engine is merged, the last two tests fail on providers/dry-run*.ts importing the
 * engine's answer schemas (engine ↔ providers): that is the cycle issue 13 part 5 removes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { ENTRIES, findCycle, readLayers } from '../scripts/layers.js';

const SRC = resolve('src');
const layers = readLayers();

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The folder of src/ a path lies in, ENTRIES for files directly in src/, undefined outside src/. */
function folderOf(path: string): string | undefined {
  const parts = relative(SRC, path).split(sep);
  if (parts[0] === '..') return undefined;
  return parts.length === 1 ? ENTRIES : parts[0];
}

interface Import {
  file: string;
  target: string;
  from: string;
  to: string;
}

/** Every import of one folder of src/ by another. */
const imports: Import[] = sources(SRC).flatMap((file) =>
  ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.filter((ref) => ref.fileName.startsWith('.'))
    .map((ref) => {
      const target = resolve(dirname(file), ref.fileName);
      return { file: relative('.', file), target: relative('.', target), from: folderOf(file)!, to: folderOf(target) };
    })
    .filter((edge): edge is Import => edge.to !== undefined && edge.to !== edge.from)
);

test('the table names every folder of src/ and its rows form no cycle', () => {
  const folders = readdirSync(SRC, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  expect(folders.filter((folder) => !layers.has(folder))).toEqual([]);
  expect(findCycle(layers)).toBeUndefined();
  expect(imports.length).toBeGreaterThan(100);
});

test('a row reads as its folders; the entries are never imported', () => {
  const table = [
    '## Rooms and what they may import',
    '| folder | holds | may import |',
    '|---|---|---|',
    '| `src/a/` | leaf | — |',
    '| `src/b/` | x | `a/` |',
    '| `src/c/` | y | everything but `b/` |',
    '| `src/d/` | z | everything |',
    '| `src/*.ts` | entries | everything |'
  ].join('\n');
  expect(readLayers(table)).toEqual(
    new Map([
      ['a', new Set()],
      ['b', new Set(['a'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set(['a', 'b', 'c'])],
      [ENTRIES, new Set(['a', 'b', 'c', 'd'])]
    ])
  );
  expect(() => readLayers('## Rooms and what they may import\n\n| `src/a/` | x | `b/` |\n')).toThrow('names b/, which has no row of its own');
  expect(() => readLayers('## Rooms and what they may import\n\n| `src/a/` | x | the loop |\n')).toThrow('must list folders');
});

test('a cycle is found, and named, wherever it is', () => {
  expect(
    findCycle(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['b']]
      ])
    )
  ).toEqual(['b', 'c', 'b']);
  expect(
    findCycle(
      new Map([
        ['a', ['b', 'c']],
        ['b', ['c']],
        ['c', []]
      ])
    )
  ).toBeUndefined();
});

// Fails until issue-engine lands: providers/dry-run*.ts import engine/finding.ts and engine/triage-schema.ts.
test('every import of src/ goes to a folder its row allows', () => {
  const refused = imports
    .filter((edge) => !layers.get(edge.from)!.has(edge.to))
    .map((edge) => `${edge.file} imports ${edge.target}: src/${edge.from} may not import src/${edge.to}`);
  expect(refused).toEqual([]);
});

// Fails until issue-engine lands: engine → providers → engine.
test('no folder of src/ imports, however indirectly, one that imports it', () => {
  const graph = new Map<string, Set<string>>();
  for (const edge of imports) graph.set(edge.from, (graph.get(edge.from) ?? new Set()).add(edge.to));
  const cycle = findCycle(graph);
  const through = cycle?.slice(1).map((to, i) => imports.find((edge) => edge.from === cycle[i] && edge.to === to)!);
  expect(through?.map((edge) => `${edge.file} → ${edge.target}`)).toBeUndefined();
});
