// The project is "type": "module" and so are @actions/core 3 and @actions/github 9: tests run as
// ES modules (node --experimental-vm-modules), their TypeScript stripped by SWC.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  // A folder's specs (*.spec.ts) run through the test file that imports them (all.test.ts, or a few
  // themed ones in action/, faults/, cli/, security/, tools/), not one test file each: jest loads
  // every test file's modules afresh, and loading src/, the SDKs and @actions/cache was most of
  // what a small test file cost (the action's specs: 1.2 s of CPU each). 168 test files as 36:
  // npm test 123 s → 82 s on an idle 2-core machine, CPU time 228 s → 146 s. Each spec keeps its
  // tests and hooks in one describe named after it (__tests__/test-setup.test.ts checks that and
  // that every spec is imported once). One spec alone: npm test -- --testMatch '**/triggers.spec.ts'
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    // Source imports use NodeNext-style ".js" suffixes; map them back to the .ts files.
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  // Each file on its own and no types checked (tsconfig.json sets isolatedModules; `npm run
  // typecheck` checks src/ and __tests__/ once, in .ci/run). SWC rather than ts-jest: TypeScript's
  // transpile takes 9.5 s of CPU for the repository's 416 files, SWC 0.3 s, and on a fresh clone
  // (an empty transform cache, as in CI) every worker transpiled the files it met first. Import
  // attributes are kept: jest warns about, and its next major refuses, JSON imported without them.
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true, experimental: { keepImportAttributes: true } },
        module: { type: 'es6' },
        sourceMaps: true
      }
    ]
  },
  testTimeout: 30000,
  // Measured on an idle 2-core machine (npm test, warm transform cache, runs alternated): 2 workers
  // 101-104 s, 3 workers 80-88 s. A third worker fills the time the others wait on the subprocesses
  // and local servers the tests start.
  maxWorkers: 3,
  // Each test file loads its modules afresh, and a worker's heap grows with every file it ran; a
  // worker past 700 MB is replaced after its file, so garbage collection and every child process it
  // forks (tar, zstd, git, the built action) stay cheap. With one test file per spec: 126 s → 115 s,
  // CPU time 234 s → 212 s; with the specs grouped the difference is within the host's noise (runs
  // alternated: 88 and 99 s with the limit, 97 and 96 s without), and the limit stays as a bound.
  workerIdleMemoryLimit: '700MB',
  // A worker with a heap of 500-700 MB takes about 150 ms to exit on an idle machine, and more when
  // all three end at once on two cores; past the default 500 ms jest kills it and prints a warning
  // about leaked handles there are none of. A worker a handle really keeps alive is still reported.
  workerGracefulExitTimeout: 3000
};
