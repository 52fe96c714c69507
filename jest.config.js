// Jest runs the TypeScript sources as ES modules through SWC (NestJS 12 ships ES modules only).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    // Not `x.json.js`: a module beside a JSON file (libphonenumber-js's metadata), which the plain `.json` is not.
    '^(\\.{1,2}/.*)(?<!\\.json)\\.js$': '$1',
    // ES-module copies written by test/support/esm-from-cjs.js (see there why).
    '^@nestjs/throttler$': '<rootDir>/node_modules/.cache/vitalis-jest/@nestjs__throttler/index.mjs',
  },
  testEnvironment: 'node',
};

export default {
  // Once per run: the ES-module copies below, the run's folder (the migrated embedded database every suite copies)
  // and, on PostgreSQL, a database per worker.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
  // Two files at a time: each e2e file has an app and a database of its own, and waits on them about as much as it
  // computes, so two workers keep two cores busy (more only queue for them).
  maxWorkers: 2,
  // Catches a hang, never a slow machine: the slowest test and hook take about a minute under a load of 10 on two
  // cores. Global, not per project.
  testTimeout: 120_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFiles: ['<rootDir>/test/support/worker-env.js'],
    },
  ],
};
