// ESLint 9 flat config: the recommended JavaScript and typescript-eslint rules, and the layers of
// docs/ARCHITECTURE.md ("Rooms and what they may import") as one import restriction per folder.
// Not type-checked: typescript-eslint's type-aware rules build the whole program again (about five
// times the CPU of this lint on two cores) while `npm run typecheck` already runs in CI.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { ENTRIES, readLayers } from './scripts/layers.js';

const layers = readLayers();
const folders = [...layers.keys()].filter((folder) => folder !== ENTRIES);
const actionsCore = { name: '@actions/core', message: 'Only src/action/ and the entries use @actions/core; take a log or an adapter instead.' };

/** The relative imports that leave `src/<folder>/` for a folder its row does not allow. */
function layerRule(folder) {
  const refused = folders.filter((other) => other !== folder && !layers.get(folder).has(other));
  // Specifiers are relative (`../engine/x.js`, `../../loop/y.js` from a subfolder): the climb out, then the folder.
  const outOfSrc = folder === ENTRIES ? '\\./' : '(\\.\\./)+';
  const patterns = refused.map((other) => ({
    regex: `^${outOfSrc}${other}(/|$)`,
    message: `src/${folder === ENTRIES ? ENTRIES : `${folder}/`} may not import src/${other}/: see "Rooms and what they may import" in docs/ARCHITECTURE.md.`
  }));
  return {
    files: [folder === ENTRIES ? 'src/*.ts' : `src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { paths: folder === 'action' || folder === ENTRIES ? [] : [actionsCore], patterns }]
    }
  };
}

export default defineConfig(
  { ignores: ['dist/', 'lib/', 'coverage/', '.bench/', '.ci/out/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The escapers exist to find control characters (render/escape.ts) and the tests to feed them.
      'no-control-regex': 'off',
      // A regex matching output spells its indentation as the output has it.
      'no-regex-spaces': 'off'
    }
  },
  // Tests read the fakes' JSON and SSE answers deep down without a schema for each.
  { files: ['__tests__/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  ...[...layers.keys()].map(layerRule)
);
