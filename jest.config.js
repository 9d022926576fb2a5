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
  // Measured on an idle 2-core machine (npm test, warm transform cache): 2 workers 142 s, 3 workers
  // 126 s, 4 workers 123-137 s. A third worker fills the time the others wait on the subprocesses
  // and local servers the tests start.
  maxWorkers: 3,
  // Each test file loads its modules afresh, and a worker's heap grows with every file it ran; a
  // worker past 700 MB is replaced after its file, so garbage collection and every child process it
  // forks (tar, zstd, git, the built action) stay cheap: 3 workers 126 s → 115 s, CPU time 234 s → 212 s.
  workerIdleMemoryLimit: '700MB'
};
