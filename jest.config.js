// ts-jest in ESM mode: the project is "type": "module" and so are @actions/core 3 and @actions/github 9.
/** @type {import('jest').Config} */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    // Source imports use NodeNext-style ".js" suffixes; map them back to the .ts files for ts-jest.
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  // tsconfig.json sets isolatedModules, so ts-jest transpiles each file on its own and checks no types:
  // `npm run typecheck` checks src/ and __tests__/ once, in .ci/run.
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: ['TS151001'] } }]
  },
  testTimeout: 30000,
  maxWorkers: 2
};
