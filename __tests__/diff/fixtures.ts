/**
 * Patches as GitHub's pulls.listFiles returns them (hunks only, no file header), written out line
 * by line so that the single space of blank unchanged lines survives editors.
 */
import type { ChangedFile } from '../../src/diff/types.js';

const patch = (...lines: string[]): string => lines.join('\n');

/** Two hunks, the second with a section heading; the first adds a line, shifting the second by one. */
export const MODIFIED: ChangedFile = {
  path: 'src/config.ts',
  status: 'modified',
  additions: 4,
  deletions: 2,
  patch: patch(
    '@@ -1,6 +1,7 @@',
    " import { readFile } from 'node:fs/promises';",
    "+import { join } from 'node:path';",
    ' ',
    ' export async function load(dir: string) {',
    "-  const text = await readFile(dir + '/config.json', 'utf8');",
    "+  const text = await readFile(join(dir, 'config.json'), 'utf8');",
    '   return JSON.parse(text);',
    ' }',
    '@@ -40,7 +41,8 @@ export function save(config: Config) {',
    '   const out = serialise(config);',
    '   if (!out) {',
    "-    throw new Error('empty');",
    '+    return;',
    '   }',
    "+  log('saving');",
    '   writeFileSync(path, out);',
    '   return out;',
    ' }'
  )
};

export const RENAMED: ChangedFile = {
  path: 'src/math/new-name.ts',
  previousPath: 'src/math/old-name.ts',
  status: 'renamed',
  additions: 1,
  deletions: 1,
  patch: patch(
    "@@ -10,7 +10,7 @@ import { a } from './a.js';",
    ' function helper() {',
    '   const x = 1;',
    '   const y = 2;',
    '-  return x + y;',
    '+  return x * y;',
    ' }',
    ' ',
    ' export { helper };'
  )
};

export const ADDED: ChangedFile = {
  path: 'src/version.ts',
  status: 'added',
  additions: 3,
  deletions: 0,
  patch: patch('@@ -0,0 +1,3 @@', "+export const VERSION = '1.0.0';", '+', '+export default VERSION;')
};

export const DELETED: ChangedFile = {
  path: 'src/legacy.ts',
  status: 'removed',
  additions: 0,
  deletions: 3,
  patch: patch('@@ -1,3 +0,0 @@', '-legacy line one', '-legacy line two', '-legacy line three')
};

/** The last line changes in a file that ends without a newline, before and after. */
export const NO_NEWLINE: ChangedFile = {
  path: 'README.md',
  status: 'modified',
  additions: 1,
  deletions: 1,
  patch: patch('@@ -1,3 +1,3 @@', ' first', ' second', '-third', '\\ No newline at end of file', '+third!', '\\ No newline at end of file')
};

export const ONE_LINE: ChangedFile = {
  path: 'VERSION',
  status: 'modified',
  additions: 1,
  deletions: 1,
  patch: patch('@@ -1 +1 @@', '-1.0.0', '+1.1.0')
};

/** A file with CRLF line endings: every patch line ends in \r. */
export const CRLF: ChangedFile = {
  path: 'scripts/build.bat',
  status: 'modified',
  additions: 1,
  deletions: 1,
  patch: ['@@ -1,3 +1,3 @@ :main', ' @echo off', '-set MODE=debug', '+set MODE=release', ' call build.cmd'].join('\r\n')
};

export const BINARY: ChangedFile = { path: 'assets/logo.png', status: 'modified', additions: 0, deletions: 0 };

/** The same line occurs three times on the new side: the quote alone cannot tell them apart. */
export const REPEATED: ChangedFile = {
  path: 'src/guards.ts',
  status: 'modified',
  additions: 3,
  deletions: 0,
  patch: patch(
    '@@ -1,9 +1,12 @@',
    ' export function a(x?: string) {',
    '+  if (!x) return null;',
    '   return x.trim();',
    ' }',
    ' export function b(x?: string) {',
    '+  if (!x) return null;',
    '   return x.toUpperCase();',
    ' }',
    ' export function c(x?: string) {',
    '+  if (!x) return null;',
    '   return x.toLowerCase();',
    ' }'
  )
};
