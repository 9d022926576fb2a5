// The project is "type": "module" and so are @actions/core 3 and @actions/github 9: tests run as
// ES modules (node --experimental-vm-modules), their TypeScript stripped by SWC.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    // Source imports use NodeNext-style ".js" suffixes; map them back to the .ts files.
    '^(\\.{1,2}/.*)\\.js$': '$1'
  },
  // Each file on its own and no types checked (tsconfig.json sets isolatedModules; `npm run
  // typecheck` checks src/ and __tests__/ once, in .ci/run). SWC rather than ts-jest: TypeScript's
  // transpile takes 9.5 s of CPU for the repository's 416 files, SWC 0.3 s, and on a fresh clone
  // (an empty transform cache, as in CI) every worker transpiled the files it met first.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true }, module: { type: 'es6' }, sourceMaps: true }]
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
